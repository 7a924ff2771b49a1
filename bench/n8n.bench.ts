/**
 * The Clarky Trigger (token check on) against n8n's built-in Webhook node, in the same real n8n, in one run:
 * requests/s and p99 with the same payload, headers and concurrency, in rounds that rotate the order so drift hits
 * all alike. The like-for-like baseline is the Webhook node checking the same bearer token with Header Auth (target
 * ratio >= 0.9); the Webhook node without auth is printed too. Then n8n's resident memory before and after 10,000
 * Clarky deliveries. Run: `npx tsx bench/run.ts n8n` (a first run on a machine installs n8n into a cache).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { samplePayload } from '@clarky/core';
import {
  CLARKY_TRIGGER_NODE,
  clarkyTriggerWorkflow,
  publish,
  startClarkyN8n,
  waitFor,
  webhookNodeWorkflow,
  type RunningN8n,
} from '@clarky/n8n-harness';
import { runLoad, type LoadResult } from './load';
import { median } from './stats';

const CONNECTIONS = 16;
// n8n does a few dozen webhook executions a second on a 2-core machine: sized to finish in about ten minutes.
const WARMUP_REQUESTS = 200;
const ROUNDS = 3;
const REQUESTS_PER_ROUND = 400;
const MEMORY_DELIVERIES = 10_000;
const EVENT = 'booking.created';

// Same bookkeeping for both workflows: every execution saved, and no pruning pass landing in one side's round.
const N8N_ENV = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_PRUNE: 'false' };

interface Target {
  label: string;
  workflowId: string;
  url: string;
}

function residentMegabytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Sends load and waits until n8n has finished the executions it started, so one side's backlog never slows the other. */
async function load(
  n8n: RunningN8n,
  target: Target,
  headers: Record<string, string>,
  body: string,
  requests: number,
): Promise<LoadResult> {
  const result = await runLoad({ url: target.url, headers, body, requests, connections: CONNECTIONS });
  if (result.failures > 0) throw new Error(`${target.label}: ${result.failures} of ${requests} requests failed`);
  await waitFor(
    `${target.label} executions to finish`,
    async () => ((await n8n.api.hasRunningExecutions(target.workflowId)) ? undefined : true),
    { timeoutMs: 300_000, intervalMs: 250 },
  );
  return result;
}

function combine(results: LoadResult[]): { requestsPerSecond: number; p99Ms: number; p50Ms: number } {
  const requests = results.reduce((sum, result) => sum + result.requests, 0);
  const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
  // Rounds are equal in size, so the median of the rounds' percentiles stands for the whole.
  return {
    requestsPerSecond: requests / seconds,
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
  };
}

async function main() {
  // n8n's process groups and the throwaway folder are owned: Ctrl-C or a timeout's SIGTERM takes them down too.
  const running = await startClarkyN8n({ env: N8N_ENV, log: (line) => console.log(line) });
  const { n8n, sandbox, credential } = running;
  try {
    const clarkyWebhookId = randomUUID();
    const clarky = await n8n.api.createWorkflow(
      clarkyTriggerWorkflow({ name: 'bench: Clarky Trigger', webhookId: clarkyWebhookId, credential, events: [EVENT] }),
    );
    await publish(n8n, clarky.id);
    // Where the node told Clarky to deliver: n8n's production URL for it.
    const [registered] = sandbox.webhooks();
    if (!registered) throw new Error('The Clarky Trigger registered no webhook');
    const clarkyUrl = registered.url;
    // The token the node gave Clarky, from Clarky's side (n8n keeps only its digest), so this client can sign like
    // Clarky does; used once n8n has saved the digest, or the node would refuse it.
    await waitFor('the Clarky Trigger to store its token digest', async () => {
      const staticData = (await n8n.api.getWorkflow(clarky.id)).staticData?.[`node:${CLARKY_TRIGGER_NODE}`];
      return typeof staticData?.tokenDigest === 'string' ? true : undefined;
    });
    const bearerToken = sandbox.bearerTokenOf(registered.id);
    if (!bearerToken) throw new Error('The Clarky Trigger gave Clarky no bearer token');

    // n8n checks the credentials of every credentialed node on each execution: a trigger that checks a token pays
    // for it whatever its code does. The like-for-like baseline is the Webhook node checking the same header.
    const headerAuth = await n8n.api.createCredential({
      name: 'Bench bearer token',
      type: 'httpHeaderAuth',
      data: { name: 'Authorization', value: `Bearer ${bearerToken}` },
    });
    const webhookNode = async (label: string, credential?: { id: string; name: string }): Promise<Target> => {
      const webhookPath = `bench-${randomUUID()}`;
      const workflow = await n8n.api.createWorkflow(
        webhookNodeWorkflow({
          name: `bench: ${label}`,
          path: webhookPath,
          webhookId: randomUUID(),
          headerAuth: credential,
        }),
      );
      await publish(n8n, workflow.id);
      return { label, workflowId: workflow.id, url: `${n8n.url}/webhook/${webhookPath}` };
    };
    const clarkyTarget: Target = { label: 'Clarky Trigger', workflowId: clarky.id, url: clarkyUrl };
    const targets = [
      await webhookNode('Webhook + Header Auth', headerAuth),
      clarkyTarget,
      await webhookNode('Webhook, no auth'),
    ];
    // Every request carries the token, checked or not, so all send the same bytes.
    const headers = { authorization: `Bearer ${bearerToken}` };
    const body = JSON.stringify(samplePayload(EVENT));

    for (const target of targets) await load(n8n, target, headers, body, WARMUP_REQUESTS);
    const results = new Map<Target, LoadResult[]>(targets.map((target) => [target, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next target, so each takes every place in the order once.
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) {
        const result = await load(n8n, target, headers, body, REQUESTS_PER_ROUND);
        results.get(target)!.push(result);
        console.log(`  round ${round + 1}/${ROUNDS} ${target.label}: ${result.requestsPerSecond.toFixed(0)} req/s`);
      }
    }

    console.log(
      `\n${ROUNDS} rounds x ${REQUESTS_PER_ROUND} POSTs per workflow, ${CONNECTIONS} keep-alive connections, ` +
        `${body.length}-byte ${EVENT} sample payload, every execution saved:`,
    );
    const summary = new Map(targets.map((target) => [target, combine(results.get(target)!)]));
    for (const [target, row] of summary) {
      console.log(
        `  ${target.label.padEnd(22)} ${row.requestsPerSecond.toFixed(1).padStart(6)} req/s   ` +
          `p50 ${row.p50Ms.toFixed(0).padStart(5)} ms   p99 ${row.p99Ms.toFixed(0).padStart(5)} ms`,
      );
    }
    const clarkyRow = summary.get(clarkyTarget)!;
    for (const baseline of targets.filter((target) => target !== clarkyTarget)) {
      const row = summary.get(baseline)!;
      console.log(
        `  Clarky Trigger / ${baseline.label}: ${(clarkyRow.requestsPerSecond / row.requestsPerSecond).toFixed(2)} ` +
          `req/s, p99 x${(clarkyRow.p99Ms / row.p99Ms).toFixed(2)}` +
          (baseline === targets[0] ? ' (target >= 0.90)' : ' (n8n credential check included in Clarky only)'),
      );
    }

    console.log(`\nSending ${MEMORY_DELIVERIES} deliveries to the Clarky Trigger for the memory figure...`);
    const before = residentMegabytes(n8n.pid);
    await load(n8n, clarkyTarget, headers, body, MEMORY_DELIVERIES);
    const after = residentMegabytes(n8n.pid);
    console.log(
      `n8n resident memory (main process VmRSS): ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ` +
        `${MEMORY_DELIVERIES} Clarky deliveries (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(0)} MB)`,
    );
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
