/**
 * Installs a real n8n into a cache folder outside the repository's node_modules, once per machine.
 *
 * n8n 2.41 needs Node >= 24; the root devDependency `node` provides it. A plain `npm install n8n`
 * fails offline (a kafka dependency downloads from the internet in its install script), so scripts
 * are skipped and the one native addon n8n needs, sqlite3, is rebuilt against Node 24's headers.
 * Run directly (`npx tsx test/n8n/install.ts`) to warm the cache by hand.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import rootNodePackage from 'node/package.json';
import { runCommand } from './run-command';

const N8N_VERSION = '2.41.1';

export interface N8nInstall {
  /** n8n's entry script; start it with `nodeBin`. */
  n8nBin: string;
  /** The Node 24 binary n8n runs on. */
  nodeBin: string;
  /** PATH with Node 24 first, for n8n and the npm it calls to install community packages. */
  pathWithNode24: string;
}

/** The Node version of the root devDependency `node`, which n8n needs (>= 24). */
const rootNodeVersion = (): string => rootNodePackage.version;

function n8nCacheDir(): string {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'clarky-plugin-pack', `n8n-${N8N_VERSION}-node-${rootNodeVersion()}`);
}

// Node's binary package (binary and headers) is installed into the cache next to n8n, at the root `node`
// devDependency's version: the copy under the repo's node_modules is pruned by any later `npm install` there.
const nodeBinaryPackage = `node-${process.platform}-${process.arch}`;

function describe(dir: string): N8nInstall {
  const nodeBinDir = path.join(dir, 'node_modules', nodeBinaryPackage, 'bin');
  return {
    n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
    nodeBin: path.join(nodeBinDir, 'node'),
    pathWithNode24: [nodeBinDir, process.env.PATH ?? ''].join(path.delimiter),
  };
}

// Written last: its presence means the install finished, so an interrupted install is redone.
const MARKER = '.installed';

/** Returns the cached n8n, installing it first (3-4 minutes) when the cache is empty. */
export async function ensureN8n(log: (line: string) => void = () => {}): Promise<N8nInstall> {
  const dir = n8nCacheDir();
  if (existsSync(path.join(dir, MARKER))) return describe(dir);

  const started = Date.now();
  log(`Installing n8n@${N8N_VERSION} into ${dir} (once per machine, a few minutes)...`);
  // A private staging folder, renamed into place when complete: two installs racing never share one.
  const staging = `${dir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, 'package.json'), JSON.stringify({ name: 'n8n-cache', private: true }) + '\n');

  const npm = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    log(`$ npm ${args.join(' ')}`);
    await runCommand('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, env });
  };
  try {
    await npm(process.env, 'install', '--save-exact', `${nodeBinaryPackage}@${rootNodeVersion()}`);
    const { pathWithNode24 } = describe(staging);
    // The machine's npmrc may point nodedir at another Node's headers; sqlite3 must build for this one.
    const nodeDir = path.join(staging, 'node_modules', nodeBinaryPackage);
    const env = { ...process.env, PATH: pathWithNode24, npm_config_nodedir: nodeDir };
    await npm(env, 'install', '--save-exact', '--ignore-scripts', `n8n@${N8N_VERSION}`);
    await npm(env, 'rebuild', 'sqlite3');
    await writeFile(path.join(staging, MARKER), `${new Date().toISOString()}\n`);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  if (existsSync(path.join(dir, MARKER))) {
    // Another process finished first: use its install and drop ours.
    await rm(staging, { recursive: true, force: true });
  } else {
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  }
  log(`n8n@${N8N_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return describe(dir);
}

if (require.main === module) {
  ensureN8n((line) => console.log(line)).then(
    (install) => console.log(`n8n ready: ${install.n8nBin}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
