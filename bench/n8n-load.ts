/**
 * Load against a workflow in a real n8n, measured until n8n has finished what it started, and the Clarky Trigger
 * workflow it is sent to: the n8n benchmark's rounds and the profile script share them.
 */
import {
  CLARKY_TRIGGER_NODE,
  createClarkyTrigger,
  publish,
  waitFor,
  type ClarkyN8n,
  type RunningN8n,
} from '@clarky/n8n-harness';
import { runLoad, type LoadResult } from './load';
import { median } from './stats';

export const CONNECTIONS = 16;

export interface Target {
  label: string;
  url: string;
  /** Whether every execution the deliveries so far started has finished. */
  finished: (delivered: number) => Promise<boolean>;
  /** Deliveries sent so far. */
  delivered: number;
  /** Headers of this target's own, over the ones every target gets (a Clarky Trigger's own bearer token). */
  headers?: Record<string, string>;
}

export interface Measured extends LoadResult {
  /** Deliveries per second from the first request until the last execution finished. */
  executionsPerSecond: number;
}

/** A target in a single n8n, where the executions in flight show as `running`. */
export const inMain = (n8n: RunningN8n, label: string, workflowId: string, url: string): Target => ({
  label,
  url,
  finished: async () => !(await n8n.api.hasRunningExecutions(workflowId)),
  delivered: 0,
});

/**
 * Publishes a Clarky Trigger (through main in queue mode): where Clarky delivers to it and the token it gave Clarky,
 * read from Clarky's side (n8n keeps only its digest) so this client can sign like Clarky does. Returns once n8n has
 * saved the digest, or the node would refuse the token.
 */
export async function publishClarkyTrigger(
  { n8n, sandbox, credential }: Pick<ClarkyN8n, 'n8n' | 'sandbox' | 'credential'>,
  {
    label,
    event,
    options = {},
    typeVersion,
  }: { label: string; event: string; options?: Record<string, unknown>; typeVersion?: 1 | 1.1 },
): Promise<{ workflowId: string; url: string; bearerToken: string }> {
  const { workflow, webhookId } = await createClarkyTrigger(n8n, {
    name: `bench: ${label}`,
    credential,
    events: [event],
    options,
    typeVersion,
  });
  await publish(n8n, workflow.id);
  await waitFor('the Clarky Trigger to store its token digest', async () => {
    const staticData = (await n8n.api.getWorkflow(workflow.id)).staticData?.[`node:${CLARKY_TRIGGER_NODE}`];
    return typeof staticData?.tokenDigest === 'string' ? true : undefined;
  });
  // Where the node told Clarky to deliver: n8n's production URL for it (the webhook base in queue mode).
  const registered = sandbox.webhooks().find((webhook) => webhook.url.includes(webhookId));
  if (!registered) throw new Error('The Clarky Trigger registered no webhook');
  const bearerToken = sandbox.bearerTokenOf(registered.id);
  if (!bearerToken) throw new Error('The Clarky Trigger gave Clarky no bearer token');
  return { workflowId: workflow.id, url: registered.url, bearerToken };
}

/** Sends load and waits until n8n has finished the executions it started, so one side's backlog never slows the other. */
export async function load(
  target: Target,
  headers: Record<string, string>,
  body: string,
  requests: number,
): Promise<Measured> {
  const started = performance.now();
  const result = await runLoad({
    url: target.url,
    headers: { ...headers, ...target.headers },
    body,
    requests,
    connections: CONNECTIONS,
  });
  if (result.failures > 0) throw new Error(`${target.label}: ${result.failures} of ${requests} requests failed`);
  target.delivered += requests;
  await waitFor(
    `${target.label} executions to finish`,
    async () => ((await target.finished(target.delivered)) ? true : undefined),
    { timeoutMs: 300_000, intervalMs: 250 },
  );
  return { ...result, executionsPerSecond: requests / ((performance.now() - started) / 1000) };
}

export interface Row {
  requestsPerSecond: number;
  executionsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
}

export function combine(results: Measured[]): Row {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
  const untilFinished = results.reduce((sum, result) => sum + result.requests / result.executionsPerSecond, 0);
  // Rounds are equal in size, so the median of the rounds' percentiles stands for the whole.
  return {
    requestsPerSecond: requests / seconds,
    executionsPerSecond: requests / untilFinished,
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
  };
}
