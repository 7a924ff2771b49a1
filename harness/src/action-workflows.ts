/**
 * Workflows with the Clarky node, its parameters as the editor saves them (they are the node's contract with saved
 * workflows): the one users build with both Clarky nodes, and the node alone behind a manual trigger.
 */
import type { WorkflowDefinition, WorkflowNode } from './public-api';
import {
  CLARKY_CREDENTIAL_TYPE,
  CLARKY_NODE_TYPE,
  CLARKY_TRIGGER_NODE,
  WORKFLOW_SETTINGS,
  clarkyTriggerWorkflow,
} from './workflows';

export const FIND_CONTACT_NODE = 'Find Contact by Email';
export const LOG_NO_SHOW_NODE = 'Log No-show';
export const NO_SHOW_TITLE = 'No-show';

type CredentialRef = { id: string; name: string };

/** The saved parameters that pick an operation, written literally: released values, never derived from the node. */
export interface ClarkyOperation {
  resource: string;
  operation: string;
}

const clarkyNode = (credential: CredentialRef) => (name: string, x: number, parameters: Record<string, unknown>) =>
  ({
    name,
    type: CLARKY_NODE_TYPE,
    typeVersion: 1,
    position: [x, 0],
    parameters,
    credentials: { [CLARKY_CREDENTIAL_TYPE]: credential },
  }) satisfies WorkflowNode;

const next = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** Clarky Trigger on `booking.no_show` → "Find Contact by Email" with the payload's email → a "No-show" note on it. */
export function noShowWorkflow(input: {
  name: string;
  webhookId: string;
  credential: CredentialRef;
}): WorkflowDefinition {
  const trigger = clarkyTriggerWorkflow({ ...input, events: ['booking.no_show'] });
  const clarky = clarkyNode(input.credential);
  return {
    ...trigger,
    nodes: [
      ...trigger.nodes,
      clarky(FIND_CONTACT_NODE, 250, { resource: 'contact', operation: 'getByEmail', email: '={{ $json.email }}' }),
      clarky(LOG_NO_SHOW_NODE, 500, {
        resource: 'activity',
        operation: 'create',
        activityType: 'note',
        additionalFields: { contactId: '={{ $json.id }}', title: NO_SHOW_TITLE },
      }),
    ],
    connections: { [CLARKY_TRIGGER_NODE]: next(FIND_CONTACT_NODE), [FIND_CONTACT_NODE]: next(LOG_NO_SHOW_NODE) },
  };
}

export const MANUAL_TRIGGER_NODE = 'When clicking ‘Execute workflow’';

/**
 * n8n's Manual Trigger → the Clarky node named `node`, set to `operation` with `parameters`: run from the editor's
 * "Execute workflow".
 */
export function manualClarkyWorkflow(input: {
  name: string;
  node: string;
  operation: ClarkyOperation;
  parameters: Record<string, unknown>;
  credential: CredentialRef;
}): WorkflowDefinition {
  return {
    name: input.name,
    nodes: [
      {
        name: MANUAL_TRIGGER_NODE,
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      clarkyNode(input.credential)(input.node, 250, { ...input.operation, ...input.parameters }),
    ],
    connections: { [MANUAL_TRIGGER_NODE]: next(input.node) },
    settings: WORKFLOW_SETTINGS,
  };
}
