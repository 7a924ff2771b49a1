/**
 * n8n in queue mode: a main (`n8n start`, through the harness), one webhook processor (`n8n webhook`) and one worker
 * (`n8n worker`, or `workers` of them) sharing a fresh PostgreSQL database (created here, dropped on stop) and Redis
 * under a Bull prefix of their own. The webhook processor and the workers run in their own process groups, with user folders whose
 * `.n8n/nodes` links to main's, so all three load the same installed community packages.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { n8nEnvironment, startN8n, stopGroup, type RunningN8n } from './start-n8n';
import { disown, own } from './lifetime';
import { DEFAULT_N8N_VERSION, ensureN8n, type N8nInstall } from './install';
import { runCommand } from './run-command';
import { waitFor } from './wait-for';

export interface QueueServices {
  postgres: { host: string; port: number; user: string; adminDatabase: string };
  redis: { host: string; port: number };
}

/** PostgreSQL and Redis as `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` (admin database) and `REDIS_URL` give them. */
export function queueServicesFromEnv(env: NodeJS.ProcessEnv = process.env): QueueServices {
  const redis = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
  return {
    postgres: {
      host: env.PGHOST || '127.0.0.1',
      port: Number(env.PGPORT || 5432),
      user: env.PGUSER || 'postgres',
      adminDatabase: env.PGDATABASE || 'postgres',
    },
    redis: { host: redis.hostname, port: Number(redis.port || 6379) },
  };
}

// A TCP connect per service, run in a child node so the answer is there synchronously: jest decides at collection
// time whether a suite runs or is skipped, and ts-jest's CommonJS has no top-level await.
const CONNECT_SCRIPT = `
const net = require('node:net');
const ok = ([host, port]) => new Promise((resolve) => {
  const socket = net.connect({ host, port });
  const done = (up) => { socket.destroy(); resolve(up); };
  socket.setTimeout(2000, () => done(false));
  socket.once('connect', () => done(true));
  socket.once('error', () => done(false));
});
const targets = JSON.parse(process.argv[1]);
Promise.all(targets.map(ok)).then((up) => console.log(JSON.stringify(up)));
`;

/**
 * Why queue mode cannot run here, e.g. `no PostgreSQL at 127.0.0.1:5432 answered (set PGHOST/...)`; undefined when
 * both PostgreSQL and Redis answer a TCP connect.
 */
export function queueServicesUnavailable(services: QueueServices): string | undefined {
  const { postgres, redis } = services;
  const targets = [
    ['PostgreSQL', postgres.host, postgres.port],
    ['Redis', redis.host, redis.port],
  ] as const;
  const argument = JSON.stringify(targets.map(([, host, port]) => [host, port]));
  const up = JSON.parse(
    execFileSync(process.execPath, ['-e', CONNECT_SCRIPT, argument], { encoding: 'utf8' }),
  ) as boolean[];
  const missing = targets.filter((_, index) => !up[index]).map(([name, host, port]) => `${name} at ${host}:${port}`);
  if (missing.length === 0) return undefined;
  const defaults = queueServicesFromEnv({});
  return (
    `no ${missing.join(' and ')} answered (set PGHOST/PGPORT/PGUSER/PGDATABASE, an admin database, and REDIS_URL; ` +
    `defaults ${defaults.postgres.host}:${defaults.postgres.port} ${defaults.postgres.adminDatabase} and ` +
    `redis://${defaults.redis.host}:${defaults.redis.port})`
  );
}

export interface QueueModeN8n {
  /** The main process: editor, public API, activation. */
  main: RunningN8n;
  /** The webhook base (`WEBHOOK_URL` of every process): a front door forwarding to the webhook processor once ready. */
  webhookUrl: string;
  webhookLog: string;
  /** What every worker has logged so far, one log after another: workers log each execution they finish. */
  readWorkerLogs(): string;
  /** A failure message followed by the last lines of each process's log. */
  withLogTail(message: string, lines?: number): string;
  /** Closes the front door and stops the webhook processor: deliveries meet a refused connection. */
  stopWebhookProcessor(): Promise<void>;
  /** Starts the webhook processor again (same port, folder, environment); opens the front door once it is ready. */
  startWebhookProcessor(): Promise<void>;
  /** Stops all three (process groups), drops the database and removes the folders; safe to call twice. */
  stop(): Promise<void>;
}

interface Secondary {
  command: 'webhook' | 'worker';
  folder: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  child?: ChildProcess;
}

function psql(services: QueueServices, sql: string): Promise<string> {
  const { host, port, user, adminDatabase } = services.postgres;
  const args = ['-h', host, '-p', String(port), '-U', user, '-d', adminDatabase, '-v', 'ON_ERROR_STOP=1', '-c', sql];
  return runCommand('psql', args, { env: process.env });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function launch(install: N8nInstall, process_: Secondary): ChildProcess {
  const logFd = openSync(process_.logFile, 'a');
  const child = spawn(install.nodeBin, [install.n8nBin, process_.command], {
    cwd: process_.folder,
    env: process_.env,
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  closeSync(logFd);
  // Until halt: however this process ends, the webhook processor and worker do not outlive it.
  if (child.pid !== undefined) own({ group: child.pid });
  return child;
}

async function ready(process_: Secondary): Promise<void> {
  const child = process_.child!;
  const exitedEarly = new AbortController();
  const onExit = (code: number | null) => exitedEarly.abort(new Error(`n8n ${process_.command} exited (${code})`));
  child.once('exit', onExit);
  try {
    await waitFor(
      `n8n ${process_.command} to be ready`,
      async () => ((await fetch(process_.readyUrl)).ok ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 250, signal: exitedEarly.signal },
    );
  } finally {
    child.off('exit', onExit);
  }
}

async function halt(process_: Secondary): Promise<void> {
  const child = process_.child;
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await stopGroup(child.pid, child);
}

/**
 * The webhook processor's front door, as a load balancer with a readiness check is: it takes connections only while
 * `open`. n8n's webhook processor listens before it has loaded the active webhooks and answers 404 meanwhile, which
 * Clarky does not retry; a balancer routes to it only once `/healthz/readiness` passes.
 */
function frontDoor(port: number, upstreamPort: number) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.once('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => {
      if (!server.listening) return Promise.resolve();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      return closed;
    },
  };
}

/** Creates the database, starts main, then the webhook processor and the worker; resolves once all three are ready. */
export async function startQueueModeN8n(options: {
  services: QueueServices;
  communityPackages: string[];
  /** How many `n8n worker` processes; 1 by default. */
  workers?: number;
  log?: (line: string) => void;
}): Promise<QueueModeN8n> {
  const { services, communityPackages, workers: workerCount = 1 } = options;
  const log = options.log ?? (() => {});
  const install = await ensureN8n(DEFAULT_N8N_VERSION, log);
  const runId = `clarky_queue_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await psql(services, `CREATE DATABASE ${runId}`);

  const [frontPort, webhookPort, webhookBroker] = [await freePort(), await freePort(), await freePort()];
  const webhookUrl = `http://127.0.0.1:${frontPort}`;
  const front = frontDoor(frontPort, webhookPort);
  const shared: Record<string, string> = {
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: services.postgres.host,
    DB_POSTGRESDB_PORT: String(services.postgres.port),
    DB_POSTGRESDB_DATABASE: runId,
    DB_POSTGRESDB_USER: services.postgres.user,
    DB_POSTGRESDB_PASSWORD: process.env.PGPASSWORD ?? '',
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: services.redis.host,
    QUEUE_BULL_REDIS_PORT: String(services.redis.port),
    QUEUE_BULL_PREFIX: runId,
    WEBHOOK_URL: `${webhookUrl}/`,
    N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
    OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
  };

  const secondaries: Secondary[] = [];
  let main: RunningN8n | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await front.close();
    await Promise.all(secondaries.map(halt));
    await main?.stop();
    for (const { folder } of secondaries) {
      await rm(folder, { recursive: true, force: true });
      disown({ folder });
    }
    await psql(services, `DROP DATABASE IF EXISTS ${runId} WITH (FORCE)`).catch(() => {});
  };
  const withLogTail = (message: string, lines = 30) =>
    [
      main ? main.withLogTail(message, lines) : message,
      ...secondaries.map(
        (secondary) => `--- n8n ${secondary.command} log (tail) ---\n${tail(secondary.logFile, lines)}`,
      ),
    ].join('\n');

  try {
    main = await startN8n({ communityPackages, env: shared, log });
    // The harness keeps its log in the user folder, next to `.n8n/nodes` where the packages are installed.
    const mainNodes = path.join(path.dirname(main.logFile), '.n8n', 'nodes');
    const secondary = async (
      command: Secondary['command'],
      port: number,
      broker: number,
      extra: Record<string, string> = {},
    ) => {
      const folder = await mkdtemp(path.join(os.tmpdir(), `clarky-n8n-${command}-`));
      own({ folder }); // removed by stop(), or when this process ends, however it ends
      await mkdir(path.join(folder, '.n8n'), { recursive: true });
      await symlink(mainNodes, path.join(folder, '.n8n', 'nodes'), 'dir');
      const logFile = path.join(folder, 'n8n.log');
      await writeFile(logFile, '');
      const env = { ...n8nEnvironment(install, DEFAULT_N8N_VERSION, port, broker, folder), ...shared, ...extra };
      const readyUrl =
        command === 'worker'
          ? `http://127.0.0.1:${extra.QUEUE_HEALTH_CHECK_PORT}/healthz`
          : `http://127.0.0.1:${port}/healthz/readiness`;
      const entry: Secondary = { command, folder, logFile, env, readyUrl };
      secondaries.push(entry);
      entry.child = launch(install, entry);
      return entry;
    };
    const webhook = await secondary('webhook', webhookPort, webhookBroker);
    const workers: Secondary[] = [];
    for (let count = 0; count < workerCount; count++) {
      const [workerPort, workerBroker, workerHealth] = [await freePort(), await freePort(), await freePort()];
      const worker = await secondary('worker', workerPort, workerBroker, {
        QUEUE_HEALTH_CHECK_ACTIVE: 'true',
        QUEUE_HEALTH_CHECK_PORT: String(workerHealth),
        N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
      });
      workers.push(worker);
    }
    log(`Starting the webhook processor on ${webhookUrl} and ${workerCount} worker(s)`);
    await Promise.all([webhook, ...workers].map(ready));
    await front.open();
    const running = main;
    return {
      main: running,
      webhookUrl,
      webhookLog: webhook.logFile,
      readWorkerLogs: () => workers.map((worker) => readFileSync(worker.logFile, 'utf8')).join('\n'),
      withLogTail,
      stop,
      stopWebhookProcessor: async () => {
        await front.close();
        await halt(webhook);
      },
      startWebhookProcessor: async () => {
        webhook.child = launch(install, webhook);
        await ready(webhook);
        await front.open();
      },
    };
  } catch (error) {
    const message = withLogTail(error instanceof Error ? error.message : String(error));
    await stop();
    throw new Error(message);
  }
}
