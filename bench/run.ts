/**
 * `npm run bench`: every `bench/*.bench.ts`, one after another, each in its own process so
 * one benchmark's heap and sockets never colour the next. Figures are printed by each file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  // By whole name: `n8n` is not `n8n-scale`.
  .filter((file) => only.length === 0 || only.includes(file.replace('.bench.ts', '')))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
