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

export type CredentialRef = { id: string; name: string };

/** The saved parameters that pick an operation, written literally: released values, never derived from the node. */
export interface ClarkyOperation {
  resource: string;
  operation: string;
}

/** A node of the Clarky package on the Clarky credential: the Clarky node, version 1, unless `node` says otherwise. */
export const clarkyNode = (
  credential: CredentialRef,
  node: Pick<WorkflowNode, 'name' | 'position' | 'parameters'> & Partial<Pick<WorkflowNode, 'type' | 'typeVersion'>>,
): WorkflowNode => ({
  type: CLARKY_NODE_TYPE,
  typeVersion: 1,
  ...node,
  credentials: { [CLARKY_CREDENTIAL_TYPE]: credential },
});

const next = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** Clarky Trigger on `booking.no_show` → "Find Contact by Email" with the payload's email → a "No-show" note on it. */
export function noShowWorkflow(input: {
  name: string;
  webhookId: string;
  credential: CredentialRef;
}): WorkflowDefinition {
  const trigger = clarkyTriggerWorkflow({ ...input, events: ['booking.no_show'] });
  const clarky = (name: string, x: number, parameters: Record<string, unknown>) =>
    clarkyNode(input.credential, { name, position: [x, 0], parameters });
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
      clarkyNode(input.credential, {
        name: input.node,
        position: [250, 0],
        parameters: { ...input.operation, ...input.parameters },
      }),
    ],
    connections: { [MANUAL_TRIGGER_NODE]: next(input.node) },
    settings: WORKFLOW_SETTINGS,
  };
}
