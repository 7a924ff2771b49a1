/**
 * Builds dist/ as n8n loads it: CommonJS files at the paths package.json's "n8n" block names, one per credential
 * and node, with the code they share (what they use of @clarky/core, and shared/) once, in dist/shared/, which each
 * of them requires by a relative path (n8n's scanner allows relative requires besides n8n-workflow and zod). The
 * package has no runtime dependencies: core is inlined there. n8n-workflow and zod stay external: n8n provides
 * both, and zod's own code uses globals n8n's scanner forbids.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..');
const dist = join(root, 'dist');

/** Source entry points, relative to the package root; dist mirrors the layout. */
const ENTRY_POINTS = [
  'credentials/ClarkyApi.credentials.ts',
  'nodes/Clarky/Clarky.node.ts',
  'nodes/ClarkyTrigger/ClarkyTrigger.node.ts',
];

/** Files n8n reads next to the bundles. */
const ASSETS = [
  'icons/clarky.svg',
  'icons/clarky.dark.svg',
  'nodes/Clarky/Clarky.node.json',
  'nodes/ClarkyTrigger/ClarkyTrigger.node.json',
];

async function main(): Promise<void> {
  // Built aside, then swapped in: a pack running at the same time (tests) never sees half a dist.
  const scratch = join(root, 'node_modules', '.cache', `build-${process.pid}`);
  const modules = join(scratch, 'esm');
  const staging = join(scratch, 'dist');
  rmSync(scratch, { recursive: true, force: true });
  // esbuild splits shared code into chunks of its own only for ES modules...
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outbase: root,
    outdir: modules,
    bundle: true,
    splitting: true,
    chunkNames: 'shared/clarky-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['n8n-workflow', 'zod', 'zod/*'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // ...and n8n requires CommonJS, so each file is then converted: its imports become relative requires.
  const files = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  await build({
    absWorkingDir: modules,
    entryPoints: files.map((file) => join(modules, file)),
    outbase: modules,
    outdir: staging,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Whitespace only (names stay, so stack traces read): indentation alone would take the tarball past half its bound.
    minifyWhitespace: true,
    logLevel: 'warning',
  });
  for (const asset of ASSETS) {
    mkdirSync(dirname(join(staging, asset)), { recursive: true });
    cpSync(join(root, asset), join(staging, asset));
  }
  swapIn(staging, join(scratch, 'old'));
  rmSync(scratch, { recursive: true, force: true });
}

/** Moves `staging` to dist/, retrying when a concurrent build swaps its own dist in first. */
function swapIn(staging: string, old: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      if (existsSync(dist)) renameSync(dist, old);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    try {
      renameSync(staging, dist);
      return;
    } catch (error) {
      if (attempt >= 5 || !(isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST'))) throw error;
      rmSync(old, { recursive: true, force: true });
    }
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
