/**
 * The Clarky Trigger (token check on) against n8n's built-in Webhook node, in the same real n8n, in one run:
 * requests/s and p99 with the same payload, headers and concurrency, in rounds that rotate the order so drift hits
 * all alike. The like-for-like baseline is the Webhook node checking the same bearer token with Header Auth (target
 * ratio >= 0.9); the Webhook node without auth is printed too. Then n8n's resident memory before and after 10,000
 * Clarky deliveries. Then the same Clarky deliveries to n8n in queue mode (main + webhook processor + 1 worker, then
 * + 2 workers, on PostgreSQL and Redis), printed beside the single main: accepted req/s, p99, and executions/s until the
 * last one finished. Run: `npx tsx bench/run.ts n8n` (a first run on a machine installs n8n into a cache).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { samplePayload } from '@clarky/core';
import {
  CLARKY_TRIGGER_NODE,
  createClarkyTrigger,
  publish,
  queueServicesFromEnv,
  queueServicesUnavailable,
  startClarkyN8n,
  startClarkyQueueModeN8n,
  waitFor,
  webhookNodeWorkflow,
  type ClarkyN8n,
  type QueueServices,
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
  url: string;
  /** Whether every execution the deliveries so far started has finished. */
  finished: (delivered: number) => Promise<boolean>;
  /** Deliveries sent so far. */
  delivered: number;
}

interface Measured extends LoadResult {
  /** Deliveries per second from the first request until the last execution finished. */
  executionsPerSecond: number;
}

/** A target in a single n8n, where the executions in flight show as `running`. */
const inMain = (n8n: RunningN8n, label: string, workflowId: string, url: string): Target => ({
  label,
  url,
  finished: async () => !(await n8n.api.hasRunningExecutions(workflowId)),
  delivered: 0,
});

function residentMegabytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Sends load and waits until n8n has finished the executions it started, so one side's backlog never slows the other. */
async function load(
  target: Target,
  headers: Record<string, string>,
  body: string,
  requests: number,
): Promise<Measured> {
  const started = performance.now();
  const result = await runLoad({ url: target.url, headers, body, requests, connections: CONNECTIONS });
  if (result.failures > 0) throw new Error(`${target.label}: ${result.failures} of ${requests} requests failed`);
  target.delivered += requests;
  await waitFor(
    `${target.label} executions to finish`,
    async () => ((await target.finished(target.delivered)) ? true : undefined),
    { timeoutMs: 300_000, intervalMs: 250 },
  );
  return { ...result, executionsPerSecond: requests / ((performance.now() - started) / 1000) };
}

interface Row {
  requestsPerSecond: number;
  executionsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
}

function combine(results: Measured[]): Row {
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

/** Publishes a Clarky Trigger (through main in queue mode): where Clarky delivers to it and the token it gave Clarky. */
async function clarkyWorkflow({ n8n, sandbox, credential }: ClarkyN8n) {
  const { workflow } = await createClarkyTrigger(n8n, { name: 'bench: Clarky Trigger', credential, events: [EVENT] });
  await publish(n8n, workflow.id);
  // Where the node told Clarky to deliver: n8n's production URL for it (the webhook base in queue mode).
  const [registered] = sandbox.webhooks();
  if (!registered) throw new Error('The Clarky Trigger registered no webhook');
  // The token the node gave Clarky, from Clarky's side (n8n keeps only its digest), so this client can sign like
  // Clarky does; used once n8n has saved the digest, or the node would refuse it.
  await waitFor('the Clarky Trigger to store its token digest', async () => {
    const staticData = (await n8n.api.getWorkflow(workflow.id)).staticData?.[`node:${CLARKY_TRIGGER_NODE}`];
    return typeof staticData?.tokenDigest === 'string' ? true : undefined;
  });
  const bearerToken = sandbox.bearerTokenOf(registered.id);
  if (!bearerToken) throw new Error('The Clarky Trigger gave Clarky no bearer token');
  return { workflowId: workflow.id, url: registered.url, bearerToken };
}

const queueLabel = (workers: number) => `queue, ${workers} worker${workers > 1 ? 's' : ''}`;

/** Warm-up, then the rounds, alone: what the single main's Clarky row got, in queue mode with `workers` workers. */
async function queueMode(services: QueueServices, workers: number, body: string): Promise<Row> {
  const running = await startClarkyQueueModeN8n({ services, workers, log: console.log });
  try {
    const clarky = await clarkyWorkflow({ ...running, n8n: running.n8n.main });
    // Workers log each execution they finish; queued ones are `new`, not `running`, to the public API.
    const finishedByWorkers = () => running.n8n.readWorkerLogs().match(/Worker finished execution/g)?.length ?? 0;
    const label = queueLabel(workers);
    const target: Target = {
      label,
      url: clarky.url,
      finished: async (delivered) => finishedByWorkers() >= delivered,
      delivered: 0,
    };
    const headers = { authorization: `Bearer ${clarky.bearerToken}` };
    await load(target, headers, body, WARMUP_REQUESTS);
    const results: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const result = await load(target, headers, body, REQUESTS_PER_ROUND);
      results.push(result);
      console.log(`  round ${round + 1}/${ROUNDS} ${label}: ${result.requestsPerSecond.toFixed(0)} req/s`);
    }
    return combine(results);
  } finally {
    await running.stop();
  }
}

const formatRow = (label: string, row: Row) =>
  `  ${label.padEnd(26)} ${row.requestsPerSecond.toFixed(1).padStart(6)} req/s   ` +
  `${row.executionsPerSecond.toFixed(1).padStart(6)} executions/s   p99 ${row.p99Ms.toFixed(0).padStart(5)} ms`;

/** The single main: the Clarky Trigger beside the Webhook node, then the memory figure; returns the Clarky row. */
async function singleMain(body: string): Promise<Row> {
  // n8n's process groups and the throwaway folder are owned: Ctrl-C or a timeout's SIGTERM takes them down too.
  const running = await startClarkyN8n({ env: N8N_ENV, log: (line) => console.log(line) });
  const { n8n } = running;
  try {
    const clarky = await clarkyWorkflow(running);
    // n8n checks the credentials of every credentialed node on each execution: a trigger that checks a token pays
    // for it whatever its code does. The like-for-like baseline is the Webhook node checking the same header.
    const headerAuth = await n8n.api.createCredential({
      name: 'Bench bearer token',
      type: 'httpHeaderAuth',
      data: { name: 'Authorization', value: `Bearer ${clarky.bearerToken}` },
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
      return inMain(n8n, label, workflow.id, `${n8n.url}/webhook/${webhookPath}`);
    };
    const clarkyTarget = inMain(n8n, 'Clarky Trigger', clarky.workflowId, clarky.url);
    const targets = [
      await webhookNode('Webhook + Header Auth', headerAuth),
      clarkyTarget,
      await webhookNode('Webhook, no auth'),
    ];
    // Every request carries the token, checked or not, so all send the same bytes.
    const headers = { authorization: `Bearer ${clarky.bearerToken}` };

    for (const target of targets) await load(target, headers, body, WARMUP_REQUESTS);
    const results = new Map<Target, Measured[]>(targets.map((target) => [target, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next target, so each takes every place in the order once.
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) {
        const result = await load(target, headers, body, REQUESTS_PER_ROUND);
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
    await load(clarkyTarget, headers, body, MEMORY_DELIVERIES);
    const after = residentMegabytes(n8n.pid);
    console.log(
      `n8n resident memory (main process VmRSS): ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ` +
        `${MEMORY_DELIVERIES} Clarky deliveries (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(0)} MB)`,
    );
    return clarkyRow;
  } finally {
    await running.stop();
  }
}

async function main() {
  const body = JSON.stringify(samplePayload(EVENT));
  const single = await singleMain(body);

  const services = queueServicesFromEnv();
  const unavailable = queueServicesUnavailable(services);
  if (unavailable) {
    console.log(`\nQueue mode skipped: ${unavailable}.`);
    return;
  }
  // One deployment at a time, after the single main has stopped: none shares the cores with another.
  const queued: Array<[string, Row]> = [];
  for (const workers of [1, 2]) {
    console.log(`\nQueue mode: main + webhook processor + ${workers} worker(s)...`);
    queued.push([queueLabel(workers), await queueMode(services, workers, body)]);
  }
  console.log(
    `\nClarky Trigger, same ${ROUNDS} x ${REQUESTS_PER_ROUND} deliveries (after ${WARMUP_REQUESTS} to warm up), ` +
      `${CONNECTIONS} connections; executions/s counts until the last execution finished:`,
  );
  console.log(formatRow('single main', single));
  for (const [label, row] of queued) console.log(formatRow(label, row));
  const [one, two] = queued.map(([, row]) => row);
  const gain = two!.executionsPerSecond / one!.executionsPerSecond;
  console.log(
    `  On ${os.cpus().length} cores shared by every n8n process, PostgreSQL, Redis and this load generator: queue mode ` +
      `x${(one!.executionsPerSecond / single.executionsPerSecond).toFixed(2)} the single main's executions/s; ` +
      `one worker finished them at ${((100 * one!.executionsPerSecond) / one!.requestsPerSecond).toFixed(0)}% of the ` +
      `rate the webhook processor accepted them, and a second worker adds x${gain.toFixed(2)}` +
      (gain < 1.1
        ? ': no core of its own to run on here; more workers pay off only on cores (or machines) of their own.'
        : '.'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
