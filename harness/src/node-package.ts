/** Packs n8n-nodes-clarky (its prepack builds it): the tarball an n8n user installs from Settings > Community Nodes. */
import { mkdtemp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run-command';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Builds and packs the package into a fresh folder under `parent`; resolves with the tarball's path. */
export async function packNodePackage(parent: string): Promise<string> {
  // A folder of its own, so the one .tgz in it is ours (npm's --json output mixes with the build's).
  const destination = await mkdtemp(path.join(parent, 'pack-'));
  await runCommand('npm', ['pack', '-w', 'n8n-nodes', '--pack-destination', destination], { cwd: repoRoot });
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1)
    throw new Error(`npm pack -w n8n-nodes left ${tarballs.length} tarballs in ${destination}`);
  return path.join(destination, tarballs[0]!);
}
