/**
 * Sandbox fan-out: 10 webhooks subscribed to one event, 1,000 events, every delivery to a local keep-alive
 * receiver (its own thread). Side by side in the same run, the ceiling: the same number of plain POSTs of a
 * payload-sized body from bare keep-alive clients (node:http with a keep-alive Agent, and fetch), with the same
 * concurrency. Prints deliveries/s, p50/p99 latency and sandbox / ceiling. Target: >= 50% of the ceiling.
 * Run: `npx tsx bench/run.ts sandbox`.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { EVENT_KEYS, ROUTES, samplePayload } from '@clarky/core';
import { startSandbox, type Sandbox } from '@clarky/sandbox';

const WEBHOOKS = 10;
const EVENTS = 1_000;
const WARMUP_EVENTS = 200;
const ROUNDS = 5;
/** Events in flight at once: 1 (each event's 10 deliveries in parallel) and 10 (100 requests in flight). */
const PIPELINES = [1, 10];
const EVENT = EVENT_KEYS[0]!;

interface Figures {
  readonly label: string;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

const RECEIVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'Content-Length': '2' }).end('ok'));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function startReceiver(): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(RECEIVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => worker.terminate() };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** One event's worth of requests (WEBHOOKS of them), resolved when every one got its 2xx. */
type Fire = () => Promise<void>;

interface Contender {
  readonly label: string;
  readonly fire: Fire;
  seconds: number;
  readonly latencies: number[];
}

/** `events` fan-outs with `pipeline` in flight; latency: fan-out start to its last 2xx, counted per delivery. */
async function round(contender: Contender, pipeline: number, events: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next++ < events) {
      const started = performance.now();
      await contender.fire();
      const latency = performance.now() - started;
      for (let index = 0; index < WEBHOOKS; index++) contender.latencies.push(latency);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: pipeline }, lane));
  contender.seconds += (performance.now() - started) / 1000;
}

function figures(contender: Contender): Figures {
  const sorted = [...contender.latencies].sort((a, b) => a - b);
  return {
    label: contender.label,
    perSecond: sorted.length / contender.seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

function sandboxFire(sandbox: Sandbox): Fire {
  return async () => {
    const { deliveries } = await sandbox.trigger(EVENT);
    if (deliveries.length !== WEBHOOKS || deliveries.some((attempt) => attempt.state !== 'delivered')) {
      throw new Error(`expected ${WEBHOOKS} deliveries, got ${JSON.stringify(deliveries.map((a) => a.state))}`);
    }
  };
}

function bareHttpFire(url: string, body: string): Fire {
  const agent = new http.Agent({ keepAlive: true });
  const target = new URL(url);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'bench',
    'Content-Length': Buffer.byteLength(body),
  };
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(target, { method: 'POST', headers, agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      request.on('error', reject);
      request.end(body);
    });
  return async () => {
    await Promise.all(Array.from({ length: WEBHOOKS }, post));
  };
}

function bareFetchFire(url: string, body: string): Fire {
  const headers = { 'Content-Type': 'application/json', 'User-Agent': 'bench' };
  const post = async () => {
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
  };
  return async () => {
    await Promise.all(Array.from({ length: WEBHOOKS }, post));
  };
}

function format(figures: Figures): string {
  const perSecond = Math.round(figures.perSecond).toLocaleString('en-US').padStart(8);
  return `  ${figures.label.padEnd(34)} ${perSecond} deliveries/s   p50 ${figures.p50.toFixed(2).padStart(6)} ms   p99 ${figures.p99.toFixed(2).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const sandbox = await startSandbox({ port: 0, delivery: { retryDelaysMs: [] } });
  try {
    for (let index = 0; index < WEBHOOKS; index++) {
      const response = await fetch(sandbox.url + ROUTES.webhooks, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sandbox.keys.write}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: `bench ${index}`,
          url: receiver.url,
          events: [EVENT],
          bearer_token: `token-${index}`,
        }),
      });
      if (response.status !== 201) throw new Error(`subscribing failed: HTTP ${response.status}`);
    }
    const body = JSON.stringify(samplePayload(EVENT));
    const fires: Array<[string, Fire]> = [
      ['sandbox fan-out (trigger -> 2xx)', sandboxFire(sandbox)],
      ['bare node:http keep-alive POSTs', bareHttpFire(receiver.url, body)],
      ['bare fetch (undici) keep-alive POSTs', bareFetchFire(receiver.url, body)],
    ];
    const total = (WEBHOOKS * EVENTS).toLocaleString('en-US');
    console.log(`${WEBHOOKS} webhooks x ${EVENTS.toLocaleString('en-US')} events = ${total} deliveries per contender`);
    console.log(`Alternating rounds of ${EVENTS / ROUNDS} events, so load from elsewhere hits every contender alike.`);
    console.log('Latency: from an event (or batch of 10 POSTs) starting to its last 2xx, counted per delivery.');
    for (const pipeline of PIPELINES) {
      const contenders: Contender[] = fires.map(([label, fire]) => ({ label, fire, seconds: 0, latencies: [] }));
      for (const contender of contenders) await round({ ...contender, latencies: [] }, pipeline, WARMUP_EVENTS);
      for (let index = 0; index < ROUNDS; index++) {
        // Rotate who goes first, so no contender always runs right after another's garbage.
        for (let turn = 0; turn < contenders.length; turn++) {
          await round(contenders[(index + turn) % contenders.length]!, pipeline, EVENTS / ROUNDS);
        }
      }
      const [sandboxFigures, httpFigures, fetchFigures] = contenders.map(figures) as [Figures, Figures, Figures];
      console.log(`\n${pipeline} event(s) in flight (${pipeline * WEBHOOKS} requests at once):`);
      for (const row of [sandboxFigures, httpFigures, fetchFigures]) console.log(format(row));
      const ceiling = Math.max(httpFigures.perSecond, fetchFigures.perSecond);
      const ratio = sandboxFigures.perSecond / ceiling;
      console.log(
        `  sandbox / ceiling: ${(ratio * 100).toFixed(0)}% (target >= 50%)${ratio >= 0.5 ? '' : '  BELOW TARGET'}`,
      );
    }
  } finally {
    await sandbox.close();
    await receiver.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
