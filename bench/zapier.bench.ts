/**
 * Cold start of the Zapier app as Zapier's Lambda feels it: a fresh Node process that loads the built
 * app and materialises its definition, against a fresh process that loads zapier-platform-core alone
 * (the floor every Zapier app pays). Runs alternate so machine drift hits both alike; medians of RUNS.
 * Target: app / core alone <= 1.2. Also prints the size of the built entry file.
 * Run: `npx tsx bench/run.ts zapier` (builds zapier-app/dist first).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

const RUNS = 15;
const TARGET_RATIO = 1.2;

const appDir = path.resolve(__dirname, '..', 'zapier-app');
const entry = path.join(appDir, 'dist', 'index.js');

// What each fresh process does; both resolve zapier-platform-core from the app's directory.
const LOAD_CORE = `require(${JSON.stringify(require.resolve('zapier-platform-core', { paths: [appDir] }))});`;
const LOAD_APP = `JSON.stringify(require(${JSON.stringify(appDir)}));`;

function build(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: appDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build in zapier-app failed');
}

/** Wall time of one fresh process, from spawn to exit. */
function coldStartMs(script: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`cold start failed: ${result.stderr}`);
  return elapsed;
}

build();
// One untimed run each fills the OS file cache, as a warm Lambda image would have it.
coldStartMs(LOAD_CORE);
coldStartMs(LOAD_APP);

const core: number[] = [];
const app: number[] = [];
for (let run = 0; run < RUNS; run++) {
  core.push(coldStartMs(LOAD_CORE));
  app.push(coldStartMs(LOAD_APP));
}

const coreMs = median(core);
const appMs = median(app);
const ratio = appMs / coreMs;
console.log(`Node ${process.version}, ${RUNS} runs each, interleaved`);
console.log(`zapier-platform-core alone:      ${coreMs.toFixed(1)} ms (median)`);
console.log(`Clarky app + definition:         ${appMs.toFixed(1)} ms (median)`);
console.log(
  `ratio app / core alone:          ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER'}`,
);
console.log(`built entry zapier-app/dist/index.js: ${(statSync(entry).size / 1024).toFixed(1)} KiB`);
