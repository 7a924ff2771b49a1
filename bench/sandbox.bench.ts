/**
 * Sandbox fan-out: 10 webhooks subscribed to one event, 1,000 events, every delivery to a local keep-alive
 * receiver (its own process). Side by side in the same run, the ceiling: the same number of plain POSTs of a
 * payload-sized body from bare keep-alive clients (node:http with a keep-alive Agent, and fetch), with the same
 * concurrency. Rounds alternate between contenders, so load from elsewhere on the machine hits all alike.
 * Prints deliveries/s (median of the rounds), p50/p99 latency, CPU time per delivery of this process, and
 * sandbox / ceiling. Target: >= 50% of the ceiling.
 * Run: `npx tsx bench/run.ts sandbox`.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createClarkyClient, EVENT_KEYS, samplePayload } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { median, percentile } from './stats';

const WEBHOOKS = 10;
const EVENTS = 1_000;
const WARMUP_EVENTS = 200;
const ROUNDS = 10;
/** Events in flight at once: 1 (each event's 10 deliveries in parallel) and 10 (100 requests in flight). */
const PIPELINES = [1, 10];
const EVENT = EVENT_KEYS[0]!;

const RECEIVER = `
const http = require('node:http');
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'Content-Length': '2' }).end('ok'));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startReceiver(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk) => resolve(Number(`${chunk}`))),
  );
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => child.kill() };
}

/** One event's worth of requests (WEBHOOKS of them), resolved when every one got its 2xx. */
type Fire = () => Promise<void>;

interface Contender {
  readonly label: string;
  readonly fire: Fire;
  readonly roundRates: number[];
  cpuMicros: number;
  readonly latencies: number[];
}

interface Figures {
  readonly label: string;
  readonly perSecond: number;
  readonly cpuPerDelivery: number;
  readonly p50: number;
  readonly p99: number;
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: pipeline }, lane));
  contender.roundRates.push((events * WEBHOOKS) / ((performance.now() - started) / 1000));
  const used = process.cpuUsage(cpu);
  contender.cpuMicros += used.user + used.system;
}

function figures(contender: Contender): Figures {
  const { latencies } = contender;
  return {
    label: contender.label,
    perSecond: median(contender.roundRates),
    cpuPerDelivery: contender.cpuMicros / latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
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

function format(row: Figures): string {
  const perSecond = Math.round(row.perSecond).toLocaleString('en-US').padStart(7);
  return (
    `  ${row.label.padEnd(38)} ${perSecond} deliveries/s   ${row.cpuPerDelivery.toFixed(0).padStart(4)} µs CPU each` +
    `   p50 ${row.p50.toFixed(2).padStart(6)} ms   p99 ${row.p99.toFixed(2).padStart(6)} ms`
  );
}

async function subscribe(sandbox: Sandbox, url: string): Promise<void> {
  const clarky = createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.write, transport: fetchTransport() });
  for (let index = 0; index < WEBHOOKS; index++) {
    await clarky.createWebhook({ name: `bench ${index}`, url, events: [EVENT], bearer_token: `token-${index}` });
  }
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const sandbox = await startSandbox({ port: 0, delivery: { retryDelaysMs: [] } });
  try {
    await subscribe(sandbox, receiver.url);
    const body = JSON.stringify(samplePayload(EVENT));
    const fires: Array<[string, Fire]> = [
      ['sandbox fan-out (trigger -> 2xx)', sandboxFire(sandbox)],
      ['bare node:http keep-alive POSTs', bareHttpFire(receiver.url, body)],
      ['bare fetch (undici) keep-alive POSTs', bareFetchFire(receiver.url, body)],
    ];
    const total = (WEBHOOKS * EVENTS).toLocaleString('en-US');
    console.log(`${WEBHOOKS} webhooks x ${EVENTS.toLocaleString('en-US')} events = ${total} deliveries per contender,`);
    console.log(`in ${ROUNDS} alternating rounds; deliveries/s is the median round. Latency: from an event (or batch`);
    console.log(
      'of 10 POSTs) starting to its last 2xx, counted per delivery. CPU: this process (the receiver is apart).',
    );
    for (const pipeline of PIPELINES) {
      const contenders: Contender[] = fires.map(([label, fire]) => ({
        label,
        fire,
        roundRates: [],
        cpuMicros: 0,
        latencies: [],
      }));
      for (const contender of contenders) {
        await round({ ...contender, roundRates: [], latencies: [] }, pipeline, WARMUP_EVENTS);
      }
      for (let index = 0; index < ROUNDS; index++) {
        // Rotate who goes first, so no contender always runs right after another's garbage.
        for (let turn = 0; turn < contenders.length; turn++) {
          await round(contenders[(index + turn) % contenders.length]!, pipeline, EVENTS / ROUNDS);
        }
      }
      const [sandboxRow, httpRow, fetchRow] = contenders.map(figures) as [Figures, Figures, Figures];
      console.log(`\n${pipeline} event(s) in flight (${pipeline * WEBHOOKS} requests at once):`);
      for (const row of [sandboxRow, httpRow, fetchRow]) console.log(format(row));
      const ceiling = Math.max(httpRow.perSecond, fetchRow.perSecond);
      const ratio = sandboxRow.perSecond / ceiling;
      console.log(
        `  sandbox / ceiling: ${(ratio * 100).toFixed(0)}% (target >= 50%)${ratio >= 0.5 ? '' : '  BELOW TARGET'}`,
      );
    }
  } finally {
    await sandbox.close();
    receiver.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
