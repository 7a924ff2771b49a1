/**
 * Activation as each n8n line does it, behind one shape. n8n 2.x: the public API's activate/deactivate only queue a
 * publication; n8n registers the triggers (calling the node's webhook methods) in the background, and reports the
 * outcome in the publication status. n8n 1.x: activation runs the node's methods before it answers, and a failure
 * comes back as the answer (400 with n8n's message).
 */
import type { RunningN8n } from './start-n8n';
import { majorOf } from './install';
import { N8nApiError } from './public-api';
import type { PublicationStatus } from './rest-session';
import { waitFor } from './wait-for';

// Activation waits out Clarky's rate limits (up to about two rate windows): so may whoever waits for it.
const SETTLE_MS = 180_000;

const settled = (status: PublicationStatus) => status.status !== 'in_progress';
const synchronous = (n8n: RunningN8n) => majorOf(n8n.version) < 2;

/** Activates and resolves with the settled status: `published`, or `failed` with each trigger's error. */
export async function publish(n8n: RunningN8n, workflowId: string): Promise<PublicationStatus> {
  if (synchronous(n8n)) {
    try {
      await n8n.api.activateWorkflow(workflowId);
      return { status: 'published', triggers: [] };
    } catch (error) {
      if (!(error instanceof N8nApiError) || error.status !== 400) throw error;
      const { message } = JSON.parse(error.body) as { message: string };
      return { status: 'failed', triggers: [{ nodeId: '', status: 'failed', errorMessage: message }] };
    }
  }
  await n8n.api.activateWorkflow(workflowId);
  return waitFor(
    `workflow ${workflowId} to finish publishing`,
    async () => {
      const status = await n8n.session.publicationStatus(workflowId);
      return settled(status) && status.status !== 'not_published' ? status : undefined;
    },
    { timeoutMs: SETTLE_MS },
  );
}

/** Deactivates and resolves once n8n has taken the triggers down (the node's delete has run). */
export async function unpublish(n8n: RunningN8n, workflowId: string): Promise<void> {
  await n8n.api.deactivateWorkflow(workflowId);
  if (!synchronous(n8n)) await unpublished(n8n, workflowId);
}

/** Resolves once n8n 2.x has finished taking the workflow's triggers down, however that was asked for (e.g. archiving). */
export async function unpublished(n8n: RunningN8n, workflowId: string): Promise<void> {
  await waitFor(
    `workflow ${workflowId} to finish unpublishing`,
    async () => {
      const status = await n8n.session.publicationStatus(workflowId);
      return status.status === 'not_published' ? true : undefined;
    },
    { timeoutMs: SETTLE_MS },
  );
}
