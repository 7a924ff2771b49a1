/**
 * `npm run lint` (eslint.config.mjs) runs n8n's stock community-node lint, the configuration `n8n-node lint`
 * (@n8n/node-cli) exports, on every file that ships, with one exception: test/ and scripts/, which never ship.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const packageDir = join(__dirname, '..');

// eslint-plugin-n8n-nodes-base swaps real file names for fixtures when NODE_ENV is "test" (jest sets it).
const env = { ...process.env, NODE_ENV: 'production' };

type Rules = Record<string, unknown>;

function rulesFor(files: string[]): Record<string, { ours: Rules; stock: Rules }> {
  const script = join(packageDir, 'test', 'lint-rules.mts');
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), script, ...files], {
    cwd: packageDir,
    encoding: 'utf8',
    env,
  });
  if (result.status !== 0) throw new Error(`lint-rules.mts failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, { ours: Rules; stock: Rules }>;
}

const sourcesIn = (folder: string) =>
  readdirSync(join(packageDir, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file}`);

const isN8nRule = (rule: string) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/');

it("lints every shipped source and package.json with exactly n8n-node lint's stock rules", () => {
  const shipped = [...sourcesIn('nodes'), ...sourcesIn('credentials'), ...sourcesIn('shared'), 'package.json'];
  const report = rulesFor(shipped);
  for (const file of shipped) {
    expect({ file, rules: report[file]!.ours }).toEqual({ file, rules: report[file]!.stock });
  }
  // The stock set is n8n's, not empty: the node and credential rule sets and the community rules are in it.
  const nodeRules = Object.keys(report['nodes/ClarkyTrigger/ClarkyTrigger.node.ts']!.stock);
  expect(nodeRules).toEqual(
    expect.arrayContaining([
      '@n8n/community-nodes/no-restricted-imports',
      '@n8n/community-nodes/no-restricted-globals',
      'n8n-nodes-base/node-class-description-credentials-name-unsuffixed',
      'no-console',
    ]),
  );
  expect(Object.keys(report['credentials/ClarkyApi.credentials.ts']!.stock)).toContain(
    'n8n-nodes-base/cred-class-name-unsuffixed',
  );
}, 120_000);

it("keeps n8n's rules off test/ and scripts/ (they never ship), which get the TypeScript rules", () => {
  const report = rulesFor(['test/lint.integration.test.ts', 'scripts/build.ts']);
  for (const { ours } of Object.values(report)) {
    expect(Object.keys(ours).filter(isN8nRule)).toEqual([]);
    expect(ours).toHaveProperty('@typescript-eslint/no-explicit-any');
  }
}, 120_000);

it('fails a shipped file that breaks an n8n rule', () => {
  const result = spawnSync(
    process.execPath,
    [
      join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      join(packageDir, 'nodes', 'Clarky', 'bad.ts'),
    ],
    {
      cwd: packageDir,
      encoding: 'utf8',
      env,
      input: "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync(process.env.FILE ?? ''));\n",
    },
  );
  const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string }[] }[];
  expect(file!.messages.map((message) => message.ruleId)).toEqual(
    expect.arrayContaining([
      '@n8n/community-nodes/no-restricted-imports',
      '@n8n/community-nodes/no-restricted-globals',
      'no-console',
    ]),
  );
  expect(result.status).toBe(1);
}, 120_000);
