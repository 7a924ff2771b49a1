/**
 * The harness's lifetime guard without n8n: a small node process owns a `sleep` process group and a folder, then
 * ends in a way that runs none of its code (SIGKILL), or exits, or is orphaned.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../src/wait-for';

const LIFETIME = path.join(__dirname, '..', 'src', 'lifetime.ts');
const onLinux = existsSync('/proc/self/stat');

/** Running, not a zombie (a dead child waits for init to reap it). */
function running(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

let folder: string;
const sleepers: number[] = [];
const shells: number[] = [];
beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'clarky-lifetime-unit-'));
  writeFileSync(path.join(folder, 'file'), 'data');
});
afterEach(() => {
  for (const pid of [...shells.splice(0), ...sleepers.splice(0)]) if (running(pid)) process.kill(-pid, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/**
 * A node process (through `sh -c`, so it has a parent to lose) that owns a sleeper's group and `folder`, and runs
 * `onSignal` when sent SIGUSR2.
 */
async function owner(onSignal = '') {
  const script = [
    `const { spawn } = require('node:child_process');`,
    `const { own, disown, whenOrphaned } = require(${JSON.stringify(LIFETIME)});`,
    `const sleeper = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });`,
    `own({ group: sleeper.pid });`,
    `own({ folder: ${JSON.stringify(folder)} });`,
    `whenOrphaned(() => process.exit(0), 50);`,
    `process.on('SIGUSR2', () => { ${onSignal} });`,
    `setInterval(() => {}, 1000);`,
    `console.log(process.pid, sleeper.pid);`,
  ].join('\n');
  const node = `'${process.execPath}' --import tsx -e "$SCRIPT"; echo "node ended"`;
  const shell = spawn('sh', ['-c', node], {
    env: { ...process.env, SCRIPT: script },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // a group of its own, for afterEach
  });
  shells.push(shell.pid!);
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString());
  shell.stdout.on('data', keep);
  shell.stderr.on('data', keep); // sh's "Killed" too
  const [pid, sleeper] = await waitFor(
    'the owner to start its sleeper',
    () => /^(\d+) (\d+)$/m.exec(output)?.slice(1),
    {
      timeoutMs: 15_000,
    },
  );
  sleepers.push(Number(sleeper));
  expect(running(Number(sleeper))).toBe(true);
  return { shell, pid: Number(pid), sleeper: Number(sleeper), output: () => output };
}

const gone = (sleeper: number) => (!running(sleeper) && !existsSync(folder) ? true : undefined);

(onLinux ? describe : describe.skip)('own()', () => {
  it('kills the owned group and removes the owned folder when the owner dies by SIGKILL', async () => {
    const { pid, sleeper } = await owner();
    process.kill(pid, 'SIGKILL');
    await waitFor('the watchdog to clean up', () => gone(sleeper), { timeoutMs: 5_000 });
  });

  it('kills the owned group when the owner exits, and leaves alone what it disowned', async () => {
    const { pid, sleeper, output } = await owner(`disown({ folder: ${JSON.stringify(folder)} }); process.exit(0);`);
    process.kill(pid, 'SIGUSR2');
    await waitFor('the owner to end', () => (output().includes('node ended') ? true : undefined));
    await waitFor('the sleeper to be killed', () => (running(sleeper) ? undefined : true), { timeoutMs: 5_000 });
    expect(existsSync(path.join(folder, 'file'))).toBe(true);
  });

  it('tells a process whose parent died that it is orphaned', async () => {
    const { shell, sleeper } = await owner();
    shell.kill('SIGKILL'); // the shell above node, as npm's shell goes when npm is stopped
    await waitFor('the orphaned owner to leave and clean up', () => gone(sleeper), { timeoutMs: 5_000 });
  });
});
