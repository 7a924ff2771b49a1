/**
 * The Clarky Trigger in real n8n, in one run: first the expression-isolate table (n8n-isolate.ts): the Clarky Trigger
 * beside n8n's Webhook node (with Header Auth checking the same token, and without auth) and a minimal community
 * trigger, interleaved rounds in one n8n per setup (2.41.1 with the vm engine, vm with lazy isolate acquisition, and the
 * legacy engine; 1.123.81): executions/s until the last finished, with n8n main's CPU and expression isolates and
 * evaluations per delivery. Then n8n's resident memory over Clarky deliveries (2.41.1, default engine). Then the same
 * Clarky deliveries to n8n in queue mode (main + webhook processor + 1 worker, then + 2 workers, on PostgreSQL and
 * Redis), printed beside the single main: accepted req/s, p99, and executions/s until the last one finished.
 * Run: `npm run bench n8n` (a first run on a machine installs n8n into a cache).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { samplePayload } from '@clarky/core';
import {
  queueServicesFromEnv,
  queueServicesUnavailable,
  startClarkyQueueModeN8n,
  type QueueServices,
} from '@clarky/n8n-harness';
import {
  chargedAlike,
  formatRatio,
  formatTable,
  measureSetup,
  ROW_KEYS,
  SETUPS,
  startSetup,
  type Setup,
  type SetupResult,
} from './n8n-isolate';
import { packMinimalTrigger } from './minimal-trigger-package';
import { CONNECTIONS, combine, load, publishClarkyTrigger, type Measured, type Row, type Target } from './n8n-load';

// n8n does ten to a few dozen webhook executions a second on a 2-core machine: seven workflows on four setups,
// sized so the whole benchmark takes under half an hour there.
const WARMUP_REQUESTS = 30;
// Short rounds, each workflow in every place of the order once: the machine's load drifts within seconds.
const ROUNDS = 6;
const REQUESTS_PER_ROUND = 50;
const MEMORY_DELIVERIES = 1_500;
// Where n8n charges its Webhook node and the Clarky Trigger alike, the trigger should cost next to nothing more.
const TARGET_RATIO = 0.95;
const EVENT = 'booking.created';

function residentMegabytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const queueLabel = (workers: number) => `queue, ${workers} worker${workers > 1 ? 's' : ''}`;

/** Warm-up, then the rounds, alone: what the single main's Clarky row got, in queue mode with `workers` workers. */
async function queueMode(services: QueueServices, workers: number, body: string): Promise<Row> {
  const running = await startClarkyQueueModeN8n({ services, workers, log: console.log });
  try {
    const clarky = await publishClarkyTrigger(
      { ...running, n8n: running.n8n.main },
      { label: 'Clarky Trigger', event: EVENT },
    );
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

/** Every setup's table (one n8n at a time); the memory figure from the first (2.41.1, default engine). */
async function isolateTable(body: string): Promise<Row> {
  const minimalTrigger = await packMinimalTrigger();
  const results: Array<[Setup, SetupResult, string]> = [];
  try {
    for (const setup of SETUPS) {
      console.log(
        `\n${setup.label}: ${ROW_KEYS.length} workflows, ${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND} deliveries...`,
      );
      const running = await startSetup(setup, minimalTrigger.tarball);
      try {
        const result = await measureSetup(running, body, {
          warmup: WARMUP_REQUESTS,
          rounds: ROUNDS,
          requests: REQUESTS_PER_ROUND,
        });
        // The machine's load while this setup ran: the figures are only as steady as it was.
        results.push([setup, result, os.loadavg()[0]!.toFixed(2)]);
        if (results.length === 1) await memoryFigure(running.n8n.pid, running.targets.D, running.headers, body);
      } finally {
        await running.stop();
      }
    }
  } finally {
    await minimalTrigger.remove();
  }
  console.log(
    `\nExecutions/s until the last execution finished (x the Webhook node without auth, A: the median of the ` +
      `rounds' ratios, then the lowest and highest), ${ROUNDS} interleaved ` +
      `rounds x ${REQUESTS_PER_ROUND} POSTs per workflow after ${WARMUP_REQUESTS} to warm up, ${CONNECTIONS} ` +
      `keep-alive connections, ${body.length}-byte ${EVENT} sample payload, every execution saved; one n8n per ` +
      `column, so compare within a column:`,
  );
  console.log(formatTable(results));
  for (const [setup, { rows }] of results) {
    console.log(
      `  ${setup.label}: Clarky Trigger / Webhook + Header Auth ` +
        `${(rows.D.executionsPerSecond / rows.H.executionsPerSecond).toFixed(2)} executions/s, ` +
        `p99 x${(rows.D.p99Ms / rows.H.p99Ms).toFixed(2)}`,
    );
  }
  const alike = results.filter(([, result]) => chargedAlike(result));
  console.log(
    `\nClarky Trigger as shipped (D) x the Webhook node (A) where n8n charged both alike (the same isolates per ` +
      `delivery), target >= ${TARGET_RATIO}x:`,
  );
  for (const [setup, { rows }] of alike) {
    const verdict = rows.D.ratioToA.median >= TARGET_RATIO ? 'met' : 'NOT met';
    console.log(`  ${setup.label}: ${formatRatio(rows.D.ratioToA)}: ${verdict}`);
  }
  return results[0]![1].rows.D;
}

async function memoryFigure(pid: number, target: Target, headers: Record<string, string>, body: string) {
  console.log(`\nSending ${MEMORY_DELIVERIES} deliveries to the Clarky Trigger for the memory figure...`);
  const before = residentMegabytes(pid);
  await load(target, headers, body, MEMORY_DELIVERIES);
  const after = residentMegabytes(pid);
  console.log(
    `n8n resident memory (main process VmRSS): ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after ` +
      `${MEMORY_DELIVERIES} Clarky deliveries (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(0)} MB)`,
  );
}

async function main() {
  const body = JSON.stringify(samplePayload(EVENT));
  const single = await isolateTable(body);

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
