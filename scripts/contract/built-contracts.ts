/**
 * The contracts of what would ship, read off the packages as users get them: the n8n tarball `npm pack` makes (loaded
 * by n8n's own loader) and the Zapier bundle `npm run build` makes (loaded as Zapier loads it, with require).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { packNodePackage, runCommand } from '@clarky/n8n-harness';
import type { ContractTree } from './compare';
import { n8nContractOf } from './n8n-contract';
import { zapierContractOf, type ZapierApp } from './zapier-contract';

export const ROOT = path.join(__dirname, '..', '..');

/** The checked-in contract of each plugin: what released versions promise saved workflows and Zaps. */
export const CONTRACT_FILES = {
  n8n: path.join(ROOT, 'n8n-nodes', 'contract.json'),
  zapier: path.join(ROOT, 'zapier-app', 'contract.json'),
} as const;
export type Plugin = keyof typeof CONTRACT_FILES;

/** A scratch folder inside a workspace, so what is loaded from it resolves that workspace's dependencies. */
function scratchIn(workspace: string): string {
  const cache = path.join(ROOT, workspace, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  return mkdtempSync(path.join(cache, 'contract-'));
}

async function n8nBuilt(): Promise<ContractTree> {
  const packed = await packNodePackage();
  const scratch = scratchIn('n8n-nodes');
  try {
    execFileSync('tar', ['-xzf', packed.tarball, '-C', scratch]);
    return await n8nContractOf(path.join(scratch, 'package'));
  } finally {
    await packed.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function zapierBuilt(): Promise<ContractTree> {
  // A bundle of its own: another build or the Zapier CLI may be rewriting dist/ meanwhile.
  const scratch = scratchIn('zapier-app');
  const bundle = path.join(scratch, 'index.js');
  try {
    await runCommand('npm', ['run', 'build', '-w', 'zapier-app', '--', `--outfile=${bundle}`], { cwd: ROOT });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Zapier loads the app with require.
    const app = require(bundle) as ZapierApp & { default?: ZapierApp };
    return zapierContractOf(app.default ?? app);
  } finally {
    delete require.cache[bundle];
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const builtContract: Record<Plugin, () => Promise<ContractTree>> = { n8n: n8nBuilt, zapier: zapierBuilt };

export function releasedContract(plugin: Plugin): ContractTree {
  return JSON.parse(readFileSync(CONTRACT_FILES[plugin], 'utf8')) as ContractTree;
}
