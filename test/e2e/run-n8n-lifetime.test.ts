/**
 * `npm run n8n` stops the way its users stop it and leaves nothing behind: Ctrl-C typed into a terminal (a pty made
 * by `script`, so the signal comes from the line discipline to the whole foreground group, npm and its shell
 * included), and SIGTERM to npm alone (a supervisor or a timeout that signals only its child).
 * Each run gets a TMPDIR of its own, so what it made is that folder's content and its processes are those whose
 * environment names that folder, plus their process groups (n8n's task runners get a filtered environment).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIRST_START_MS, freePort, waitFor } from '@clarky/n8n-harness';

const REPO_ROOT = path.join(__dirname, '..', '..');
const STOP_MS = 30_000;
// Caches other tools keep in TMPDIR on purpose, shared by every run: tsx's and npm's compile caches.
const SHARED_CACHES = /^(tsx-\d+|node-compile-cache)$/;

interface Proc {
  pid: number;
  group: number;
}

/** Live (not zombie) processes: those with `TMPDIR=<tmp>` in their environment, and any in `groups`. */
function processesOf(tmp: string, groups: ReadonlySet<number> = new Set()): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const environment = `\0${readFileSync(`/proc/${pid}/environ`, 'utf8')}`;
      const ours = groups.has(Number(group)) || environment.includes(`\0TMPDIR=${tmp}\0`);
      if (ours) found.push({ pid, group: Number(group) });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

interface Run {
  child: ChildProcess;
  tmp: string;
  output(): string;
}

/** `npm run n8n` on free ports with a private TMPDIR, as `command` wraps it; resolves once the banner is out. */
async function startRun(wrap: (npmCommand: string) => [string, string[]]): Promise<Run> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'clarky-lifetime-'));
  const npmCommand = `npm run n8n -- --port ${await freePort()} --sandbox-port ${await freePort()}`;
  const [command, args] = wrap(npmCommand);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own group, so a failed test can still take it all down
  });
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString().replaceAll('\r', ''));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const ended = new AbortController();
  child.once('exit', () => ended.abort(new Error(`npm run n8n ended before its banner:\n${output}`)));
  await waitFor('`npm run n8n` to print its banner', () => (output.includes('Ctrl-C stops both') ? true : undefined), {
    timeoutMs: FIRST_START_MS - 60_000,
    intervalMs: 250,
    signal: ended.signal,
  });
  return { child, tmp, output: () => output };
}

/** What the run made that is still there, and its processes still alive, once they are all gone or time is up. */
async function leftAfterStop(run: Run, groups: Set<number>) {
  const started = Date.now();
  let processes = processesOf(run.tmp, groups);
  while (processes.length > 0 && Date.now() - started < STOP_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    processes = processesOf(run.tmp, groups);
  }
  const folders = readdirSync(run.tmp).filter((name) => !SHARED_CACHES.test(name));
  return { processes, folders, seconds: (Date.now() - started) / 1000 };
}

/** Whatever a failed test left: its processes killed, its TMPDIR removed. */
function tearDown(run: Run | undefined, groups: Set<number>) {
  if (!run) return;
  for (const { pid } of processesOf(run.tmp, groups)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(run.tmp, { recursive: true, force: true, maxRetries: 3 });
}

/** The run's processes and groups now, and the folders it has made (to show the test can fail). */
function snapshot(run: Run) {
  const groups = new Set(processesOf(run.tmp).map((proc) => proc.group));
  const made = readdirSync(run.tmp).filter((name) => !SHARED_CACHES.test(name));
  return { groups, made };
}

let run: Run | undefined;
let groups = new Set<number>();
afterEach(() => {
  tearDown(run, groups);
  run = undefined;
  groups = new Set();
});

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? it : it.skip)(
  'Ctrl-C (twice) in a terminal stops n8n and the sandbox and removes every folder it made',
  async () => {
    run = await startRun((npmCommand) => ['script', ['-qfec', npmCommand, '/dev/null']]);
    const before = snapshot(run);
    groups = before.groups;
    // Two throwaway folders: the packed node's and n8n's user folder.
    expect(before.made.filter((name) => name.startsWith('clarky-n8n-')).length).toBeGreaterThanOrEqual(2);
    expect(groups.size).toBeGreaterThanOrEqual(2); // the terminal's foreground group and n8n's own

    // The command the banner prints works as printed.
    const trigger = /Fire an event from another terminal: (.*)$/m.exec(run.output())![1]!;
    const fired = spawnSync('sh', ['-c', trigger], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(`${fired.stdout}${fired.stderr}`).toContain('Triggered contact.created');
    expect(fired.status).toBe(0);

    // Ctrl-C as typed, twice as the impatient do: the second must not cut the cleanup short.
    run.child.stdin!.write('\x03');
    await new Promise((resolve) => setTimeout(resolve, 200));
    run.child.stdin!.write('\x03');
    const left = await leftAfterStop(run, groups);
    expect(left).toEqual({ processes: [], folders: [], seconds: expect.any(Number) });
    process.stderr.write(`Ctrl-C: all stopped and removed in ${left.seconds.toFixed(1)} s\n`);
  },
  FIRST_START_MS,
);

it(
  'SIGTERM to npm alone stops n8n and the sandbox and removes every folder it made',
  async () => {
    run = await startRun((npmCommand) => ['sh', ['-c', `exec ${npmCommand}`]]);
    const before = snapshot(run);
    groups = before.groups;
    expect(before.made).toEqual(expect.arrayContaining([expect.stringMatching(/^clarky-n8n-/)]));

    process.kill(run.child.pid!, 'SIGTERM'); // npm itself, not its group
    const left = await leftAfterStop(run, groups);
    expect(left).toEqual({ processes: [], folders: [], seconds: expect.any(Number) });
    process.stderr.write(`SIGTERM to npm: all stopped and removed in ${left.seconds.toFixed(1)} s\n`);
  },
  FIRST_START_MS,
);
