/** Reading what a workflow did in a real n8n, for tests: its finished executions, and n8n's log on a failure. */
import type { RunningN8n } from './start-n8n';
import type { Execution } from './public-api';
import { waitFor } from './wait-for';

/** Waits until the workflow has `count` finished executions; returns them oldest first. */
export function finishedExecutions(n8n: RunningN8n, workflowId: string, count: number): Promise<Execution[]> {
  return waitFor(`${count} finished execution(s)`, async () => {
    const executions = await n8n.api.listExecutions(workflowId);
    const finished = executions.filter((execution) => execution.status !== 'running' && execution.status !== 'new');
    return finished.length >= count ? finished.reverse() : undefined;
  });
}

/**
 * A test body whose failure message ends with the last lines n8n logged (`n8n()`: the n8n once started, a single one
 * or one in queue mode).
 */
export function withN8nLog(n8n: () => Pick<RunningN8n, 'withLogTail'>, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      if (error instanceof Error) error.message = n8n().withLogTail(error.message, 40);
      throw error;
    }
  };
}
