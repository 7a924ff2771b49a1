/**
 * The workspaces name each other by `file:` specs of their folders. npm has no `workspace:` protocol, and a version
 * there resolves to the registry once it no longer matches the workspace (E404 today, the published copy later).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../release-check';

type Manifest = { name: string; workspaces?: string[] } & Partial<Record<string, Record<string, string>>>;

const read = (dir: string) => JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

it('names every workspace it depends on by file:../<its folder>, never by a version', () => {
  const folders = read('.').workspaces!;
  const folderOf = new Map(folders.map((folder) => [read(folder).name, folder]));
  const wrong = folders.flatMap((folder) =>
    FIELDS.flatMap((field) =>
      Object.entries(read(folder)[field] ?? {})
        .filter(([name, spec]) => folderOf.has(name) && spec !== `file:../${folderOf.get(name)}`)
        .map(([name, spec]) => `${folder}/package.json ${field}.${name}: ${spec}`),
    ),
  );
  expect(wrong).toEqual([]);
  // The rule has something to bite on: the workspaces do depend on each other.
  expect(folders.some((folder) => read(folder).devDependencies?.['@clarky/core'] === 'file:../core')).toBe(true);
});
