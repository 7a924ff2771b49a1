/**
 * n8n's verification scan, offline: the lint configuration of @n8n/scan-community-package
 * (community-nodes `recommended`, `no-console: error`, and eslint-plugin-n8n-nodes-base's
 * community/credentials/nodes rule sets), run with the ESLint Node API over a directory.
 *
 *   tsx scripts/scan.mts <unpacked tarball dir> [<source package dir>]
 *
 * The tarball leg lints every .js and .json file; the source leg, like the scanner's, lints
 * package.json and nodes/ + credentials/. Prints the problems; exits 1 when any is an error.
 */
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { ESLint, type Linter } from 'eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';
import { credentialsRules, nodesRules } from './n8n-base-rules.mjs';

const TARBALL_PATTERNS = ['**/*.js', '**/*.json'];
const SOURCE_PATTERNS = ['package.json', 'nodes/**/*.{js,ts,json}', 'credentials/**/*.{js,ts,json}'];

function scanConfig(): Linter.Config[] {
  const parser = tseslint.parser as Linter.Parser;
  return [
    n8nCommunityNodesPlugin.configs.recommended as Linter.Config,
    { rules: { 'no-console': 'error' } },
    { plugins: { 'n8n-nodes-base': n8nNodesBase } },
    { files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
    {
      files: ['**/credentials/**/*.ts'],
      rules: credentialsRules,
    },
    {
      files: ['**/nodes/**/*.ts'],
      rules: nodesRules,
    },
    { files: ['**/*.json'], languageOptions: { parser } },
    { files: ['**/*.ts'], languageOptions: { parser } },
  ];
}

export async function scan(directory: string, patterns: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: directory,
    allowInlineConfig: false,
    overrideConfigFile: true,
    overrideConfig: scanConfig(),
    errorOnUnmatchedPattern: false,
  });
  return await eslint.lintFiles(patterns);
}

async function main(tarballDir: string | undefined, sourceDir: string | undefined): Promise<number> {
  if (!tarballDir) {
    console.error('usage: tsx scripts/scan.mts <unpacked tarball dir> [<source package dir>]');
    return 2;
  }
  const results = [...(await scan(tarballDir, TARBALL_PATTERNS))];
  if (sourceDir) results.push(...(await scan(sourceDir, SOURCE_PATTERNS)));
  const problems = results.flatMap((result) =>
    result.messages.map((message) => ({
      file: result.filePath,
      line: message.line,
      column: message.column,
      severity: message.severity === 2 ? 'error' : 'warning',
      rule: message.ruleId,
      message: message.message,
    })),
  );
  console.log(JSON.stringify({ files: results.map((result) => result.filePath), problems }, null, 2));
  return problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

process.exitCode = await main(process.argv[2], process.argv[3]);
