/**
 * Starts a real n8n (the cached install, Node 24) on loopback with a throwaway user folder, sets up the owner
 * and a public-API key, and stops it again with its whole process group (n8n forks task runners).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { DEFAULT_N8N_VERSION, ensureN8n, majorOf, type N8nInstall } from './install';
import { disown, own, signalGroup } from './lifetime';
import { N8nPublicApi } from './public-api';
import { N8nRestSession, type Owner } from './rest-session';
import { runCommand } from './run-command';
import { waitFor } from './wait-for';

export interface N8nOptions {
  /** Which n8n (one of install.ts's N8N_VERSIONS); the current line by default. */
  version?: string;
  /** Where n8n listens on 127.0.0.1; a free port when absent. */
  port?: number;
  /** Tarballs (`npm pack` output) installed as community packages before n8n starts, as users get them. */
  communityPackages?: string[];
  /** Extra environment for n8n, e.g. execution-saving settings. */
  env?: Record<string, string>;
  /** Progress lines (install, start); silent by default. */
  log?: (line: string) => void;
}

export interface RunningN8n {
  /** The n8n version running, e.g. `2.41.1`. */
  readonly version: string;
  /** `http://127.0.0.1:<port>`, the editor and the public API. */
  url: string;
  /** Where n8n takes webhook calls (its `WEBHOOK_URL`, no trailing slash): `url`, or queue mode's front door. */
  readonly webhookUrl: string;
  owner: Owner;
  api: N8nPublicApi;
  /** The owner's editor session, for what the public API does not show (publication status). */
  readonly session: N8nRestSession;
  /** n8n's main process (the group leader). */
  readonly pid: number;
  logFile: string;
  /** A failure message followed by the last lines n8n wrote. */
  withLogTail(message: string, lines?: number): string;
  /** Stops n8n and removes its user folder; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops n8n's processes and starts them again on the same user folder (database, community packages), encryption
   * key, port and environment, plus `env` for this start only; resolves once n8n is ready and the owner has signed
   * in again (`session` and `pid` are new; the API key stays valid).
   */
  restart(options?: { env?: Record<string, string> }): Promise<void>;
}

/** Scopes the tests, the benchmark and `npm run n8n` use through the public API. */
const API_KEY_SCOPES = [
  'workflow:create',
  'workflow:read',
  'workflow:update',
  'workflow:delete',
  'workflow:activate',
  'workflow:deactivate',
  'execution:read',
  'execution:list',
  'credential:create',
];

/** The environment every n8n process of the harness gets (this one's, on Node 24); queue mode adds its own on top. */
export function n8nEnvironment(
  install: N8nInstall,
  version: string,
  port: number,
  brokerPort: number,
  userFolder: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: install.pathWithNode24,
    // As n8n's own images run it; jest sets NODE_ENV=test, under which n8n exits at start without a word.
    NODE_ENV: 'production',
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    WEBHOOK_URL: `http://127.0.0.1:${port}/`,
    // The task broker defaults to 5679: two instances (or a stray one) would clash and n8n would exit.
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_USER_FOLDER: userFolder,
    // n8n's own temporary files (n8nDataTableUploads) go with the user folder too.
    TMPDIR: userFolder,
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    // n8n 1.x exits on a module name it does not know.
    ...(majorOf(version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_LOG_OUTPUT: 'console',
  };
}

async function installCommunityPackages(install: N8nInstall, userFolder: string, tarballs: string[]) {
  if (tarballs.length === 0) return;
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  await mkdir(nodesDir, { recursive: true });
  const env = { ...process.env, PATH: install.pathWithNode24 };
  await runCommand('npm', ['init', '-y'], { cwd: nodesDir, env });
  // Like n8n's own installer: no scripts, and peer dependencies (n8n-workflow) come from n8n itself.
  const flags = ['--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', '--legacy-peer-deps'];
  await runCommand('npm', ['install', ...flags, ...tarballs], { cwd: nodesDir, env });
}

function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no n8n log)';
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `n8n start` in its own process group (so stopping it reaches the task runners too), logging to `logFile`. */
function launchN8n(install: N8nInstall, userFolder: string, logFile: string, env: NodeJS.ProcessEnv) {
  const logFd = openSync(logFile, 'a');
  const child = spawn(install.nodeBin, [install.n8nBin, 'start'], {
    cwd: userFolder,
    env,
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start n8n (${install.n8nBin})`);
  own({ group: pid }); // until stopGroup: however this process ends, n8n does not outlive it
  return { child, pid };
}

/**
 * Resolves once n8n answers `/healthz/readiness` (migrations done) and its REST API (n8n 1.x is ready before `/rest`
 * is mounted); fails early if it exits meanwhile.
 */
async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const exitedEarly = new AbortController();
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    exitedEarly.abort(new Error(`n8n exited while starting (${code ?? signal})`));
  child.once('exit', onExit);
  try {
    await waitFor(
      'n8n to be ready (/healthz/readiness, /rest/settings)',
      async () =>
        (await fetch(`${url}/healthz/readiness`)).ok && (await fetch(`${url}/rest/settings`)).ok ? true : undefined,
      { timeoutMs: 120_000, intervalMs: 250, signal: exitedEarly.signal },
    );
  } finally {
    child.off('exit', onExit);
  }
}

/** SIGTERM to n8n's process group, SIGKILL after 15 s or to runners left once the main process has exited. */
/** Stops an n8n process group (SIGTERM, SIGKILL after 15 s, then its stragglers) and stops owning it. */
export async function stopGroup(pid: number, child: ChildProcess): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const forced = setTimeout(() => signalGroup(pid, 'SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(forced);
  signalGroup(pid, 'SIGKILL'); // runners that ignored SIGTERM
  disown({ group: pid });
}

/** Installs n8n if needed, starts it, and resolves once it is ready and has an owner and an API key. */
export async function startN8n(options: N8nOptions = {}): Promise<RunningN8n> {
  const log = options.log ?? (() => {});
  const version = options.version ?? DEFAULT_N8N_VERSION;
  const install = await ensureN8n(version, log);
  const userFolder = await mkdtemp(path.join(os.tmpdir(), 'clarky-n8n-'));
  own({ folder: userFolder }); // removed by stop(), or when this process ends, however it ends
  await installCommunityPackages(install, userFolder, options.communityPackages ?? []);

  const [port, brokerPort] = [options.port ?? (await freePort()), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(userFolder, 'n8n.log');
  await writeFile(logFile, '');
  // Drawn once (the encryption key too), so a restart finds its database and credentials as it left them.
  const env = { ...n8nEnvironment(install, version, port, brokerPort, userFolder), ...options.env };
  // `let`: restart() replaces the process, and stop() reaches the current one.
  let { child, pid } = launchN8n(install, userFolder, logFile, env);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopGroup(pid, child);
    await rm(userFolder, { recursive: true, force: true, maxRetries: 3 });
    disown({ folder: userFolder });
  };
  const withLogTail = (message: string, lines = 60) =>
    `${message}\n--- n8n log (tail) ---\n${readTail(logFile, lines)}`;

  try {
    log(`Starting n8n on ${url} (log: ${logFile})`);
    await waitUntilReady(url, child);
    const setUp = await N8nRestSession.setUpOwner(url);
    const { owner } = setUp;
    let { session } = setUp;
    const api = new N8nPublicApi(url, await session.createApiKey('clarky-tests', API_KEY_SCOPES));
    const restart = async ({ env: extraEnv = {} }: { env?: Record<string, string> } = {}) => {
      if (stopped) throw new Error('n8n has been stopped; it cannot restart');
      await stopGroup(pid, child);
      log(`Restarting n8n on ${url}`);
      ({ child, pid } = launchN8n(install, userFolder, logFile, { ...env, ...extraEnv }));
      try {
        await waitUntilReady(url, child);
        session = await N8nRestSession.logIn(url, owner);
      } catch (error) {
        throw new Error(withLogTail(error instanceof Error ? error.message : String(error)));
      }
    };
    // Getters: after a restart they give the new process and session.
    return {
      version,
      url,
      webhookUrl: env.WEBHOOK_URL!.replace(/\/$/, ''),
      owner,
      api,
      logFile,
      withLogTail,
      stop,
      restart,
      get session() {
        return session;
      },
      get pid() {
        return pid;
      },
    };
  } catch (error) {
    const message = withLogTail(error instanceof Error ? error.message : String(error));
    await stop();
    throw new Error(message);
  }
}
