/** Packs n8n-nodes-clarky (its prepack builds it): the tarball an n8n user installs from Settings > Community Nodes. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { disown, own } from './lifetime';
import { runCommand } from './run-command';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface PackedNode {
  readonly tarball: string;
  /** Removes the tarball's folder; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * Builds and packs the package into a throwaway folder of its own. The folder is owned: it goes when this process
 * ends, however it ends, if `remove` has not taken it first. `packageDir` packs another package folder the same way
 * (the benchmark's minimal trigger).
 */
export async function packNodePackage(packageDir?: string): Promise<PackedNode> {
  // A folder of its own, so the one .tgz in it is ours (npm's --json output mixes with the build's).
  const folder = await mkdtemp(path.join(os.tmpdir(), 'clarky-n8n-pack-'));
  own({ folder });
  const remove = async () => {
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
    disown({ folder });
  };
  try {
    const what = packageDir ? [packageDir] : ['-w', 'n8n-nodes'];
    await runCommand('npm', ['pack', ...what, '--pack-destination', folder], { cwd: repoRoot });
    const tarballs = (await readdir(folder)).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1)
      throw new Error(`npm pack ${what.join(' ')} left ${tarballs.length} tarballs in ${folder}`);
    return { tarball: path.join(folder, tarballs[0]!), remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
