/**
 * Activation as n8n 2.x does it: the public API's activate/deactivate only queue a publication; n8n then registers
 * the triggers (calling the node's webhook methods) in the background. These wait until that has settled.
 */
import type { RunningN8n } from './harness';
import type { PublicationStatus } from './rest-session';
import { waitFor } from './wait-for';

const settled = (status: PublicationStatus) => status.status !== 'in_progress';

/** Activates and resolves with the settled status: `published`, or `failed` with each trigger's error. */
export async function publish(n8n: RunningN8n, workflowId: string): Promise<PublicationStatus> {
  await n8n.api.activateWorkflow(workflowId);
  return waitFor(`workflow ${workflowId} to finish publishing`, async () => {
    const status = await n8n.session.publicationStatus(workflowId);
    return settled(status) && status.status !== 'not_published' ? status : undefined;
  });
}

/** Deactivates and resolves once n8n has taken the triggers down (the node's delete has run). */
export async function unpublish(n8n: RunningN8n, workflowId: string): Promise<void> {
  await n8n.api.deactivateWorkflow(workflowId);
  await unpublished(n8n, workflowId);
}

/** Resolves once n8n has finished taking the workflow's triggers down, however that was asked for (e.g. archiving). */
export async function unpublished(n8n: RunningN8n, workflowId: string): Promise<void> {
  await waitFor(`workflow ${workflowId} to finish unpublishing`, async () => {
    const status = await n8n.session.publicationStatus(workflowId);
    return status.status === 'not_published' ? true : undefined;
  });
}
