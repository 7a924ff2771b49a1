/**
 * Runs one job of a GitHub Actions workflow on this machine, so that a test can see what its steps do: each `run:`
 * script goes through bash as a runner starts it, in order, with the job's and the step's `env:`, the `${{ }}`
 * expressions the workflows use, $GITHUB_OUTPUT and $GITHUB_ENV. An action (`uses:`) is recorded and not run, unless
 * the test gives a function for it. Commands the test shims (npm, npx...) come first on the PATH and log their argv.
 * What it does not understand (an `if:` other than `a == b` or `a != b`, a key it does not know) is an error, never
 * a guess.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface JobScenario {
  /** The workflow file and the id of the job to run. */
  workflow: string;
  job: string;
  /** A folder for the run: the workspace, RUNNER_TEMP, the shims and their log go in a fresh folder inside it. */
  scratch: string;
  /** The `github` context: each key is also the variable GITHUB_<KEY> (sha is GITHUB_SHA). */
  github: Record<string, string>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** A command name and the bash run by its shim after it logged its argv. */
  shims?: Record<string, string>;
  /** What runs in place of an action (its `uses:` without the @version), given its `with:` and the empty workspace. */
  actions?: Record<string, (step: { with: Record<string, unknown>; workspace: string }) => void>;
}

export interface StepRun {
  name: string;
  /** `recorded`: an action no function was given for. `skipped`: its `if:` was false, or an earlier step failed. */
  outcome: 'success' | 'failure' | 'skipped' | 'recorded';
  /** The script's stdout and stderr, in the order it wrote them. */
  output: string;
  with?: Record<string, unknown>;
}

export interface JobRun {
  steps: StepRun[];
  /** Each shimmed command run, as its argv (name first), in the order they ran. */
  commands: string[][];
  workspace: string;
  runnerTemp: string;
}

interface Step {
  name?: string;
  id?: string;
  if?: string | boolean;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}

const STEP_KEYS = new Set(['name', 'id', 'if', 'run', 'uses', 'with', 'env', 'working-directory']);
const JOB_KEYS = new Set(['name', 'needs', 'runs-on', 'timeout-minutes', 'environment', 'permissions', 'env', 'steps']);
// The argv of a shimmed command: each argument ends with a unit separator, the command with a record separator.
const [ARG_END, COMMAND_END] = ['\x1f', '\x1e'];

export function runJob(scenario: JobScenario): JobRun {
  const workflow = parse(readFileSync(scenario.workflow, 'utf8')) as {
    env?: Record<string, unknown>;
    defaults?: unknown;
    jobs: Record<string, Record<string, unknown>>;
  };
  if ('defaults' in workflow) throw new Error(`${scenario.workflow}: run-workflow-steps.ts does not apply defaults`);
  const job = workflow.jobs[scenario.job];
  if (!job) throw new Error(`${scenario.workflow} has no job "${scenario.job}"`);
  const unknownKey = Object.keys(job).find((key) => !JOB_KEYS.has(key));
  if (unknownKey) throw new Error(`job "${scenario.job}": run-workflow-steps.ts does not understand "${unknownKey}"`);

  const root = mkdtempSync(path.join(scenario.scratch, 'job-'));
  const folder = (name: string) => {
    mkdirSync(path.join(root, name));
    return path.join(root, name);
  };
  const [workspace, runnerTemp, bin] = [folder('workspace'), folder('temp'), folder('bin')];
  const commandLog = path.join(root, 'commands.log');
  writeFileSync(commandLog, '');
  for (const [command, body] of Object.entries(scenario.shims ?? {})) {
    const log = `printf '%s${ARG_END}' ${command} "$@" >> '${commandLog}'; printf '${COMMAND_END}' >> '${commandLog}'`;
    writeFileSync(path.join(bin, command), `#!/usr/bin/env bash\n${log}\n${body}\n`, { mode: 0o755 });
  }

  const outputs: Record<string, Record<string, string>> = {};
  const contexts: Record<string, Record<string, string> | undefined> = {
    github: scenario.github,
    runner: { temp: runnerTemp },
    secrets: scenario.secrets ?? {},
    vars: scenario.vars ?? {},
  };
  // GitHub gives '' for a secret, variable or output that is not set; any other unknown name is a mistake here.
  const valueOf = (expression: string): string => {
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
    const [context, name, ...more] = expression.split('.');
    const value = more.length === 0 ? contexts[context!]?.[name!] : undefined;
    if (value !== undefined) return value;
    if ((context === 'secrets' || context === 'vars') && name && more.length === 0) return '';
    throw new Error(`\${{ ${expression} }}: run-workflow-steps.ts does not know it (give it in the scenario)`);
  };
  const substitute = (text: string) =>
    text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression) => valueOf(expression));

  const resolved = (block: unknown) =>
    Object.fromEntries(Object.entries(block ?? {}).map(([key, value]) => [key, substitute(String(value))]));
  let env: Record<string, string> = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    HOME: process.env.HOME ?? root,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...Object.fromEntries(
      Object.entries(scenario.github).map(([key, value]) => [`GITHUB_${key.toUpperCase()}`, value]),
    ),
    ...resolved(workflow.env),
    ...resolved(job.env),
  };

  const steps: StepRun[] = [];
  let failed = false;
  for (const [index, step] of (job.steps as Step[]).entries()) {
    const unknown = Object.keys(step).find((key) => !STEP_KEYS.has(key));
    if (unknown) throw new Error(`step ${index + 1}: run-workflow-steps.ts does not understand "${unknown}"`);
    const name = step.name ?? `Run ${step.uses ?? step.run?.split('\n')[0]}`;
    // Evaluated even after a failure, so that an `if:` this runner cannot read is always an error.
    const wanted = step.if === undefined || condition(String(step.if), valueOf);
    if (failed || !wanted) {
      steps.push({ name, outcome: 'skipped', output: '' });
      continue;
    }
    if (step.uses) {
      const action = scenario.actions?.[step.uses.replace(/@.*$/, '')];
      action?.({ with: step.with ?? {}, workspace });
      steps.push({ name, outcome: action ? 'success' : 'recorded', output: '', with: step.with ?? {} });
      continue;
    }
    if (step.run === undefined) throw new Error(`step ${index + 1} has neither run nor uses`);

    const files = mkdtempSync(path.join(root, `step-${index + 1}-`));
    const [script, outputFile, envFile, logFile] = ['script.sh', 'output', 'env', 'log'].map((file) =>
      path.join(files, file),
    ) as [string, string, string, string];
    writeFileSync(script, substitute(step.run));
    for (const file of [outputFile, envFile]) writeFileSync(file, '');
    const log = openSync(logFile, 'w');
    // How a runner starts a `run:` step whose shell is bash (GitHub's default on Linux).
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.join(workspace, step['working-directory'] ?? ''),
      env: { ...env, ...resolved(step.env), GITHUB_OUTPUT: outputFile, GITHUB_ENV: envFile },
      stdio: ['ignore', log, log],
      // Only against a step that never ends (a shim waiting for ever): spawnSync blocks jest's own time limit.
      timeout: 60_000,
    });
    closeSync(log);
    env = { ...env, ...keyValues(envFile) };
    if (step.id) outputs[step.id] = keyValues(outputFile);
    if (result.error) throw new Error(`step ${index + 1} (${name}): ${result.error.message}`);
    failed = result.status !== 0;
    steps.push({ name, outcome: failed ? 'failure' : 'success', output: readFileSync(logFile, 'utf8') });
  }

  const commands = readFileSync(commandLog, 'utf8')
    .split(COMMAND_END)
    .slice(0, -1)
    .map((command) => command.split(ARG_END).slice(0, -1));
  return { steps, commands, workspace, runnerTemp };
}

/** `a == b` or `a != b`, each a context value or a quoted string; GitHub compares strings ignoring case. */
function condition(text: string, valueOf: (expression: string) => string): boolean {
  const expression = text.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1').trim();
  const match = /^([\w.-]+|'[^']*')\s*(==|!=)\s*([\w.-]+|'[^']*')$/.exec(expression);
  if (!match) throw new Error(`if: ${text}: run-workflow-steps.ts understands only "a == b" and "a != b"`);
  const operand = (side: string) => (side.startsWith("'") ? side.slice(1, -1) : valueOf(side)).toLowerCase();
  return (operand(match[1]!) === operand(match[3]!)) === (match[2] === '==');
}

/** The `name=value` lines a step wrote to $GITHUB_OUTPUT or $GITHUB_ENV. */
function keyValues(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return Object.fromEntries(
    lines.map((line) => {
      const match = /^([A-Za-z_][\w-]*)=(.*)$/.exec(line);
      if (!match) throw new Error(`${file}: run-workflow-steps.ts reads only name=value lines, not "${line}"`);
      return [match[1]!, match[2]!];
    }),
  );
}
