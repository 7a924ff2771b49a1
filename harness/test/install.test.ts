/** The n8n install cache: a staging folder left by an interrupted install goes; one still being written stays. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStaleStaging } from '../src/install';

let cacheHome: string;
const saved = process.env.XDG_CACHE_HOME;
beforeEach(() => {
  cacheHome = mkdtempSync(path.join(os.tmpdir(), 'clarky-install-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
});
afterEach(() => {
  process.env.XDG_CACHE_HOME = saved;
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  rmSync(cacheHome, { recursive: true, force: true });
});

test('removes staging folders whose installing process is gone, and keeps finished installs and live stagings', async () => {
  // A pid that surely ended: a child that has exited and been reaped.
  const deadPid = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
  const root = path.join(cacheHome, 'clarky-plugin-pack');
  const folder = (name: string) => {
    mkdirSync(path.join(root, name, 'node_modules'), { recursive: true });
    return path.join(root, name);
  };
  const interrupted = folder(`n8n-1.123.81-node-24.21.0.staging-${deadPid}`);
  const underWay = folder(`n8n-2.41.1-node-24.21.0.staging-${process.pid}`);
  const installed = folder('n8n-2.41.1-node-24.21.0');

  expect(await removeStaleStaging()).toEqual([path.basename(interrupted)]);
  expect([interrupted, underWay, installed].map((candidate) => existsSync(candidate))).toEqual([false, true, true]);
});

test('a cache that does not exist yet is not an error', async () => {
  expect(await removeStaleStaging()).toEqual([]);
});
