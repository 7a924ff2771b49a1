/**
 * Builds dist/ as n8n loads it: one CommonJS bundle per credential and node, with what they use
 * from @clarky/core inlined (the package has no runtime dependencies). n8n-workflow and zod stay
 * external: n8n provides both, and zod's own code uses globals n8n's scanner forbids.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
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
  const staging = join(scratch, 'dist');
  rmSync(scratch, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outbase: root,
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['n8n-workflow', 'zod', 'zod/*'],
    legalComments: 'none',
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
