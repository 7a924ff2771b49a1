/** What a contract check says: what changed, and what a compatible change would have looked like. */
import path from 'node:path';
import type { ContractDiff } from './compare';
import { CONTRACT_FILES, ROOT, type Plugin } from './built-contracts';

const file = (plugin: Plugin) => path.relative(ROOT, CONTRACT_FILES[plugin]);

const HOW_TO_BREAK_SAFELY: Record<Plugin, string> = {
  n8n:
    'Saved workflows store node types, versions, parameter names and option values, and n8n leaves out a ' +
    'parameter set to its default, so a default is part of the meaning too. Compatible: a new parameter, option, ' +
    'operation, output field or node version. To change or remove something released, keep the released node ' +
    'version working beside a new one (`version: [1, 1.1]` with `@version` display conditions, or a ' +
    'VersionedNodeType keeping the old class, as n8n’s own nodes do) and make the change in the new version only.',
  zapier:
    'Live Zaps store step keys, input field keys and values, and map output field keys. Compatible: a new step, an ' +
    'optional input field, a choice or an output field. To replace a key, add the new one and keep the old step ' +
    'working under its old key with `display: { hidden: true }` (a legacy key, as linear-zapier keeps them).',
};

/** Empty when the build keeps the contract and the file records everything the build offers. */
export function contractReport(plugin: Plugin, diff: ContractDiff): string {
  const lines: string[] = [];
  if (diff.breaking.length > 0) {
    lines.push(`${file(plugin)}: the build breaks what users saved:`, ...diff.breaking.map((line) => `  - ${line}`));
    lines.push(`  ${HOW_TO_BREAK_SAFELY[plugin]}`);
  }
  if (diff.additions.length > 0) {
    lines.push(`${file(plugin)}: the build adds what the contract does not record yet (compatible):`);
    lines.push(...diff.additions.map((line) => `  - ${line}`));
    lines.push(`  Record them: npm run contract -- --update, then commit ${file(plugin)}.`);
  }
  return lines.join('\n');
}
