/**
 * 200 Clarky Triggers in one real n8n 2.41 at Clarky's documented limits (60 writes, 120 reads a minute per key):
 * publishing them all, 10 at a time, against the floor the write limit allows; then a restart on each startup path,
 * n8n 2.41's publication service (registrations kept in n8n's database) and the older one that calls checkExists for
 * every workflow (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false, as n8n 1.x starts): time until every workflow is served
 * again, GET /webhooks per workflow, 429s, failures, webhooks created or deleted, duplicates.
 * Run: `npm run bench n8n-scale` (a first run on a machine installs n8n into a cache).
 */
import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import {
  createClarkyTrigger,
  publish,
  startClarkyN8n,
  waitFor,
  type RunningN8n,
  type Workflow,
} from '@clarky/n8n-harness';

const WORKFLOWS = 200;
const AT_A_TIME = 10;
const LIMITS = { reads: 120, writes: 60, windowMs: 60_000 }; // Clarky's documented limits (the sandbox's defaults)
const EVENT = 'booking.no_show';

/**
 * The fastest any client can register `count` webhooks under Clarky's rolling window: write k waits until write
 * k - 60 has left the window, so a window's worth goes at once and each further (partial) batch a window later. 200
 * writes: 60 at 0 s, 60 at 60 s, 60 at 120 s, 20 at 180 s. (The "60 at once, then 60 a minute", 140 s, would
 * be a token bucket refilled one a second; Clarky documents a rolling window.)
 */
const floorSeconds = (count: number) => (Math.ceil(count / LIMITS.writes) - 1) * (LIMITS.windowMs / 1000);

interface Figures {
  seconds: number;
  reads: number;
  throttled: number;
  failures: number;
  /** POST and DELETE /webhooks answered 2xx. */
  created: number;
  deleted: number;
  webhooks: number;
  duplicates: number;
}

/** The sandbox's answers to `/webhooks` calls, as "METHOD STATUS", in order. */
const answered: string[] = [];

function since(from: number, method: string, status?: (code: number) => boolean): number {
  return answered.slice(from).filter((line) => {
    const [answerMethod, code] = line.split(' ');
    return answerMethod === method && (!status || status(Number(code)));
  }).length;
}

function webhookCounts(sandbox: Sandbox): { webhooks: number; duplicates: number } {
  const urls = sandbox.webhooks().map((webhook) => webhook.url);
  return { webhooks: urls.length, duplicates: urls.length - new Set(urls).size };
}

function figures(sandbox: Sandbox, from: number, seconds: number, failures: number): Figures {
  const ok = (code: number) => code < 300;
  return {
    seconds,
    reads: since(from, 'GET'),
    throttled: answered.slice(from).filter((line) => line.endsWith(' 429')).length,
    failures,
    created: since(from, 'POST', ok),
    deleted: since(from, 'DELETE', ok),
    ...webhookCounts(sandbox),
  };
}

/** Until each URL answers a call without Clarky's token with 401: n8n serves the webhook and the node checks it. */
async function allServed(urls: string[]): Promise<void> {
  const forged = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"forged"}' };
  let pending = urls;
  await waitFor(
    `all ${urls.length} webhooks to be served`,
    async () => {
      const statuses = await Promise.all(pending.map((url) => fetch(url, forged).then((answer) => answer.status)));
      pending = pending.filter((_, index) => statuses[index] !== 401);
      return pending.length === 0 ? true : undefined;
    },
    { timeoutMs: 900_000, intervalMs: 500 },
  );
}

/** Restarts n8n and waits until every workflow is served (on the checkExists path: and activated at startup). */
async function restart(
  n8n: RunningN8n,
  sandbox: Sandbox,
  workflows: Workflow[],
  urls: string[],
  checkExistsPath: boolean,
): Promise<Figures> {
  const from = answered.length;
  const logOffset = readFileSync(n8n.logFile).length;
  const startupLog = () => readFileSync(n8n.logFile).subarray(logOffset).toString('utf8');
  const started = performance.now();
  await n8n.restart({ env: checkExistsPath ? { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } : {} });
  await allServed(urls);
  // That path activates each workflow at startup (checkExists, create only when it says false) and logs each.
  if (checkExistsPath) {
    await waitFor(
      `n8n to activate all ${workflows.length} workflows`,
      () => {
        const log = startupLog();
        const done = workflows.filter(({ id, name }) => log.includes(`Activated workflow "${name}" (ID: ${id})`));
        return done.length === workflows.length ? true : undefined;
      },
      { timeoutMs: 900_000, intervalMs: 250 },
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const failures = startupLog().match(/Issue on initial workflow activation/g)?.length ?? 0;
  return figures(sandbox, from, seconds, failures);
}

async function main() {
  const running = await startClarkyN8n({
    sandbox: () =>
      startSandbox({
        port: 0,
        rateLimits: LIMITS,
        log: (line) => {
          const request = /^([A-Z]+) \/api\/v1\/webhooks\S* (\d{3}) /.exec(line);
          if (request) answered.push(`${request[1]} ${request[2]}`);
        },
      }),
    log: (line) => console.log(line),
  });
  const { n8n, sandbox, credential } = running;
  try {
    console.log(`Creating ${WORKFLOWS} workflows with a Clarky Trigger...`);
    const workflows: Workflow[] = [];
    const urls: string[] = [];
    for (let index = 0; index < WORKFLOWS; index++) {
      const trigger = await createClarkyTrigger(n8n, { name: `scale ${index + 1}`, credential, events: [EVENT] });
      workflows.push(trigger.workflow);
      urls.push(trigger.url);
    }

    console.log(`Publishing them ${AT_A_TIME} at a time...`);
    const waiting = [...workflows];
    let failed = 0;
    const publisher = async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        if ((await publish(n8n, next.id)).status !== 'published') failed++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: AT_A_TIME }, publisher));
    const published = figures(sandbox, 0, (performance.now() - started) / 1000, failed);

    console.log('Restarting on the publication service (n8n 2.41 default)...');
    const service = await restart(n8n, sandbox, workflows, urls, false);
    console.log('Restarting on the checkExists path (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false)...');
    const checkExists = await restart(n8n, sandbox, workflows, urls, true);

    const floor = floorSeconds(WORKFLOWS);
    console.log(
      `\n${WORKFLOWS} workflows, one Clarky key at ${LIMITS.writes} writes and ${LIMITS.reads} reads a minute, ` +
        `n8n ${n8n.version}:`,
    );
    console.log(
      `  publish all, ${AT_A_TIME} at a time: ${published.seconds.toFixed(0)} s, floor ${floor.toFixed(0)} s ` +
        `(${LIMITS.writes} creates per rolling minute): x${(published.seconds / floor).toFixed(2)} ` +
        `(goal <= 1.10); ${published.throttled} answers 429, ${published.failures} failed (goal 0), ` +
        `${published.webhooks} webhooks, ${published.duplicates} duplicates (goal 0)`,
    );
    const rows: Array<[string, (f: Figures) => string]> = [
      ['restart until all served (s)', (f) => f.seconds.toFixed(1)],
      ['GET /webhooks', (f) => String(f.reads)],
      ['reads per workflow (goal <= 0.02)', (f) => (f.reads / WORKFLOWS).toFixed(3)],
      ['429 answers', (f) => String(f.throttled)],
      ['failed activations (goal 0)', (f) => String(f.failures)],
      ['webhooks created / deleted', (f) => `${f.created} / ${f.deleted}`],
      ['webhooks after / duplicates (goal 0)', (f) => `${f.webhooks} / ${f.duplicates}`],
    ];
    console.log(`  ${'restart'.padEnd(38)} ${'publication service'.padStart(20)} ${'checkExists path'.padStart(18)}`);
    for (const [label, value] of rows) {
      console.log(`  ${label.padEnd(38)} ${value(service).padStart(20)} ${value(checkExists).padStart(18)}`);
    }
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
