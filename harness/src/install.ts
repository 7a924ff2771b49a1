/**
 * Installs a real n8n into a cache folder outside the repository's node_modules, once per machine and n8n version.
 *
 * n8n 2.41 needs Node >= 24; the root devDependency `node` provides it. A plain `npm install n8n`
 * fails offline (a kafka dependency downloads from the internet in its install script), so scripts
 * are skipped and the one native addon n8n needs, sqlite3, is rebuilt against Node 24's headers.
 * Run directly (`npx tsx harness/src/install.ts`) to warm the cache by hand.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import rootNodePackage from 'node/package.json';
import { runCommand } from './run-command';

/**
 * The n8n versions the end-to-end suites prove the node on: the current line, and the newest 1.x (still patched, and
 * what many self-hosters run). The first is the default everywhere else (benchmarks, `npm run n8n`).
 */
export const N8N_VERSIONS = ['2.41.1', '1.123.81'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];
export const DEFAULT_N8N_VERSION: N8nVersion = N8N_VERSIONS[0];

/** How long a first start of n8n may take: on a new machine it includes the install (3-7 min a version, more when busy). */
export const FIRST_START_MS = 20 * 60_000;

/** n8n's major version: the harness and the tests adapt to what changed between 1.x and 2.x. */
export const majorOf = (version: string): number => Number(version.split('.')[0]);

/**
 * Package overrides an n8n version needs to install here. n8n 1.x's nodes-base takes `xlsx` from SheetJS's CDN, which
 * these machines cannot reach; the same release is on the npm registry under another name (2.x already uses it).
 */
const overridesFor = (version: string): Record<string, string> =>
  majorOf(version) < 2 ? { xlsx: 'npm:@e965/xlsx@0.20.2' } : {};

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

function cacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'clarky-plugin-pack');
}

/** One folder per n8n version (and Node version): each line installs once, side by side. */
function n8nCacheDir(version: string): string {
  return path.join(cacheRoot(), `n8n-${version}-node-${rootNodeVersion()}`);
}

const STAGING = /\.staging-(\d+)$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging folders whose install was interrupted (their process is gone): each holds up to 2-3 GB. */
export async function removeStaleStaging(): Promise<string[]> {
  const names = await readdir(cacheRoot()).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const pid = STAGING.exec(name)?.[1];
    return pid !== undefined && !running(Number(pid));
  });
  await Promise.all(stale.map((name) => rm(path.join(cacheRoot(), name), { recursive: true, force: true })));
  return stale;
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

/** Returns the cached n8n of `version`, installing it first (3-7 minutes) when it is not there yet. */
export async function ensureN8n(
  version: string = DEFAULT_N8N_VERSION,
  log: (line: string) => void = () => {},
): Promise<N8nInstall> {
  const dir = n8nCacheDir(version);
  if (existsSync(path.join(dir, MARKER))) return describe(dir);

  for (const name of await removeStaleStaging()) log(`Removed ${name}, left by an interrupted install`);
  const started = Date.now();
  log(`Installing n8n@${version} into ${dir} (once per machine, a few minutes)...`);
  // A private staging folder, renamed into place when complete: two installs racing never share one.
  const staging = `${dir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const manifest = { name: 'n8n-cache', private: true, overrides: overridesFor(version) };
  await writeFile(path.join(staging, 'package.json'), JSON.stringify(manifest) + '\n');

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
    await npm(env, 'install', '--save-exact', '--ignore-scripts', `n8n@${version}`);
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
  log(`n8n@${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return describe(dir);
}

// `npx tsx harness/src/install.ts [version...]`: every tested version by default.
if (require.main === module) {
  (async () => {
    for (const version of process.argv.length > 2 ? process.argv.slice(2) : N8N_VERSIONS) {
      const install = await ensureN8n(version, (line) => console.log(line));
      console.log(`n8n ready: ${install.n8nBin}`);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
