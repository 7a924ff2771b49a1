/**
 * A workflow users build with both Clarky nodes: Clarky Trigger on `booking.no_show` → Clarky "Find Contact by Email"
 * with the payload's email → Clarky "Log Activity", a "No-show" note on that contact. Parameters as the editor saves
 * them: they are the node's contract with saved workflows.
 */
import actionCodex from 'n8n-nodes-clarky/nodes/Clarky/Clarky.node.json';
import { CREDENTIAL_NAME } from 'n8n-nodes-clarky/shared/transport';
import type { WorkflowDefinition, WorkflowNode } from './public-api';
import { CLARKY_TRIGGER_NODE, clarkyTriggerWorkflow } from './workflows';

export const FIND_CONTACT_NODE = 'Find Contact by Email';
export const LOG_NO_SHOW_NODE = 'Log No-show';
export const NO_SHOW_TITLE = 'No-show';

export function noShowWorkflow(input: {
  name: string;
  webhookId: string;
  credential: { id: string; name: string };
}): WorkflowDefinition {
  const trigger = clarkyTriggerWorkflow({ ...input, events: ['booking.no_show'] });
  const clarky = (name: string, x: number, parameters: Record<string, unknown>): WorkflowNode => ({
    name,
    type: actionCodex.node,
    typeVersion: 1,
    position: [x, 0],
    parameters,
    credentials: { [CREDENTIAL_NAME]: input.credential },
  });
  const next = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
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
