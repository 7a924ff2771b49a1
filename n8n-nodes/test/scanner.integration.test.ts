/**
 * n8n's verification scan, offline: `npm pack` makes the tarball users get, and every .js and
 * .json file in it (inlined core included), plus the sources, must pass the scanner's lint
 * configuration with zero errors. scripts/scan.mts runs it in its own process: the n8n
 * ESLint plugins are ES modules, which jest's CommonJS runtime cannot load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const packageDir = join(__dirname, '..');
const workspaceRoot = join(packageDir, '..');
const scanScript = join(packageDir, 'scripts', 'scan.mts');

interface ScanProblem {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  rule: string | null;
  message: string;
}

interface ScanReport {
  files: string[];
  problems: ScanProblem[];
}

function scan(...directories: string[]): { status: number | null; report: ScanReport } {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), scanScript, ...directories], {
    cwd: packageDir,
    encoding: 'utf8',
    // eslint-plugin-n8n-nodes-base swaps real file names for fixtures when NODE_ENV is "test" (jest sets it).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!result.stdout) throw new Error(`scan printed nothing:\n${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) as ScanReport };
}

function describeProblems(problems: ScanProblem[]): string {
  return problems
    .map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.rule}: ${problem.message}`)
    .join('\n');
}

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'n8n-nodes-clarky-pack-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it('passes the verification scan: the packed tarball and the sources, zero errors', () => {
  execFileSync('npm', ['pack', '--workspace', 'n8n-nodes', '--pack-destination', work], {
    cwd: workspaceRoot,
    stdio: 'pipe',
  });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBe('n8n-nodes-clarky-0.1.0.tgz');
  execFileSync('tar', ['-xzf', join(work, tarball!), '-C', work]);
  const unpacked = join(work, 'package');

  const { status, report } = scan(unpacked, packageDir);

  const errors = report.problems.filter((problem) => problem.severity === 'error');
  expect(describeProblems(errors)).toBe('');
  expect(status).toBe(0);
  const shipped = report.files.filter((file) => file.startsWith(unpacked)).map((file) => file.slice(unpacked.length));
  expect(shipped).toEqual(
    expect.arrayContaining([
      '/package.json',
      '/dist/credentials/ClarkyApi.credentials.js',
      '/dist/nodes/Clarky/Clarky.node.js',
      '/dist/nodes/Clarky/Clarky.node.json',
      '/dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js',
      '/dist/nodes/ClarkyTrigger/ClarkyTrigger.node.json',
    ]),
  );
}, 120_000);

it('catches what the scanner forbids (so a clean scan means something)', () => {
  const bad = join(work, 'bad-package');
  mkdirSync(join(bad, 'dist'), { recursive: true });
  writeFileSync(
    join(bad, 'package.json'),
    JSON.stringify({ name: 'n8n-nodes-bad', version: '0.0.1', dependencies: { axios: '1.0.0' } }),
  );
  writeFileSync(
    join(bad, 'dist', 'bad.js'),
    "const axios = require('axios');\nsetTimeout(() => console.log(process.env.KEY), 1);\nmodule.exports = { axios };\n",
  );

  const { status, report } = scan(bad);

  const rules = new Set(report.problems.map((problem) => problem.rule));
  expect(status).toBe(1);
  expect([...rules]).toEqual(
    expect.arrayContaining([
      'no-console',
      '@n8n/community-nodes/no-restricted-globals',
      '@n8n/community-nodes/no-restricted-imports',
      '@n8n/community-nodes/no-runtime-dependencies',
    ]),
  );
}, 60_000);
