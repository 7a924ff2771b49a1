/**
 * n8n never outlives whoever started it. A process group or folder handed to `own()` goes when this process
 * ends without having disowned it: on 'exit' synchronously (process.exit, an uncaught error), and on any other
 * death (a signal nobody handles, SIGKILL) through a watchdog: a small detached node process that learns what
 * is owned over a pipe and, when the pipe closes because this process is gone, kills the groups and removes
 * the folders. `whenOrphaned` tells a long-running command that a process above it (npm, a shell) is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';

export type Owned = { group: number } | { folder: string };

// Plain JavaScript for a bare `node -e`: the test runner's or tsx's transforms are not there.
const WATCHDOG = `
const { readdirSync, readFileSync, rmSync } = require('node:fs');
const groups = new Set();
const folders = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const { op, group, folder } = JSON.parse(line);
    if (group !== undefined) groups[op](group);
    else folders[op](folder);
  }
});
let cleaning = false;
const cleanUp = async () => {
  if (cleaning) return;
  cleaning = true;
  for (const pid of groups) try { process.kill(-pid, 'SIGKILL'); } catch {}
  // Folders go once their groups are dead (zombies count as dead: init may be slow to reap them).
  const stat = (pid) => { const text = readFileSync('/proc/' + pid + '/stat', 'utf8'); return text.slice(text.lastIndexOf(')') + 2).split(' '); };
  const living = (pid) => { try { const [state, , group] = stat(pid); return state !== 'Z' && group; } catch { return undefined; } };
  const alive = (group) => { try { return readdirSync('/proc').some((pid) => living(pid) === String(group)); } catch { try { process.kill(-group, 0); return true; } catch { return false; } } };
  for (let wait = 0; wait < 100 && [...groups].some(alive); wait++) await new Promise((r) => setTimeout(r, 50));
  for (const folder of folders) try { rmSync(folder, { recursive: true, force: true, maxRetries: 5 }); } catch {}
  process.exit(0);
};
process.stdin.on('end', cleanUp);
process.stdin.on('error', cleanUp);
`;

const owned = new Map<string, Owned>();
let watchdog: ChildProcess | undefined;

const keyOf = (thing: Owned) => ('group' in thing ? `group:${thing.group}` : `folder:${thing.folder}`);

function tellWatchdog(op: 'add' | 'delete', thing: Owned) {
  if (!watchdog) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG], {
      cwd: '/',
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true, // out of this process group: a Ctrl-C or a `timeout` reaches it only through the pipe
    });
    watchdog.unref();
    // Unref'd, the pipe keeps no one waiting; its write end closes when this process ends, however it ends.
    (watchdog.stdin as Socket).unref();
    watchdog.stdin!.on('error', () => {}); // a watchdog gone early: the 'exit' handler still covers normal exits
  }
  watchdog.stdin!.write(`${JSON.stringify({ op, ...thing })}\n`);
}

/** Kills every owned group, then removes every owned folder; synchronous, for the 'exit' event. */
function cleanUpNow() {
  const things = [...owned.values()];
  for (const thing of things) if ('group' in thing) signalGroup(thing.group, 'SIGKILL');
  for (const thing of things)
    if ('folder' in thing) rmSync(thing.folder, { recursive: true, force: true, maxRetries: 5 });
  owned.clear();
}

/** Sends a signal to a whole process group; false when the group is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes ownership of a process group (by its leader's pid) or a folder until `disown`: then this process
 * ending, however it ends, kills the group or removes the folder (folders after groups).
 */
export function own(thing: Owned): void {
  if (owned.size === 0) process.once('exit', cleanUpNow);
  owned.set(keyOf(thing), thing);
  tellWatchdog('add', thing);
}

/** Gives up ownership once the group is stopped or the folder removed. */
export function disown(thing: Owned): void {
  if (!owned.delete(keyOf(thing))) return;
  tellWatchdog('delete', thing);
  if (owned.size > 0) return;
  process.removeListener('exit', cleanUpNow);
  watchdog?.stdin!.end(); // nothing owned: the watchdog exits, and a later own() starts another
  watchdog = undefined;
}

/** The chain of parent pids above this process, nearest first (Linux reads /proc; elsewhere only the parent). */
function ancestors(): number[] {
  const chain: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && chain.length < 64) {
    chain.push(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return chain;
}

/**
 * Calls `onOrphaned` once a process above this one is gone: the chain of parents changes when any of them dies
 * (e.g. npm stopped by a signal kills its shell, and tsx and the script under it live on). Returns a cancel.
 */
export function whenOrphaned(onOrphaned: () => void, intervalMs = 500): () => void {
  const initial = ancestors().join();
  const timer = setInterval(() => {
    if (ancestors().join() === initial) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs).unref();
  return () => clearInterval(timer);
}
