/**
 * For lint.test.ts: the rules ESLint applies to each given file (relative to the package) under this package's
 * eslint.config.mjs and under `n8n-node lint`'s stock configuration, as JSON. A process of its own: the n8n ESLint
 * plugins are ES modules, which jest's CommonJS runtime cannot load.
 *
 *   tsx test/lint-rules.mts <file>...
 */
import { config as n8nStock } from '@n8n/node-cli/eslint';
import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';

const packageDir = join(import.meta.dirname, '..');
const ours = new ESLint({ cwd: packageDir });
const stock = new ESLint({ cwd: packageDir, overrideConfigFile: true, overrideConfig: n8nStock as Linter.Config[] });

const rulesOf = async (eslint: ESLint, file: string) =>
  ((await eslint.calculateConfigForFile(join(packageDir, file))) as Linter.Config | undefined)?.rules ?? {};

const report: Record<string, { ours: Linter.Config['rules']; stock: Linter.Config['rules'] }> = {};
for (const file of process.argv.slice(2)) {
  report[file] = { ours: await rulesOf(ours, file), stock: await rulesOf(stock, file) };
}
console.log(JSON.stringify(report));
