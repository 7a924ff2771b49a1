/**
 * `npm run release:version` (scripts/release-version.ts) on a scratch copy of the repository's manifests, lockfile
 * and changelogs: both packages bumped, npm agreeing with the lockfile it wrote, the tag gate green; refusals
 * write nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, checkVersionsAndChangelogs } from '../release-check';
import { releaseVersionEdits, writeEdits } from '../release-version';
import { copyOfRepository, scratchFolder } from './scratch';

const WORKSPACES = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;
const NOW = new Date('2026-12-03T10:00:00Z');

const work = scratchFolder('clarky-release-version-');

/** The root and workspace package.json files, package-lock.json and both changelogs; no node_modules. */
const scratchRepository = () =>
  copyOfRepository(work(), [
    'package.json',
    'package-lock.json',
    ...WORKSPACES.map((workspace) => path.join(workspace, 'package.json')),
    ...['n8n-nodes', 'zapier-app'].map((dir) => path.join(dir, 'CHANGELOG.md')),
  ]);

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
interface Manifest {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifest = (root: string, file: string) => JSON.parse(read(root, file)) as Manifest;
const lockfile = (root: string) =>
  JSON.parse(read(root, 'package-lock.json')) as { packages: Record<string, Manifest & { link?: boolean }> };

/** What the 0.1.0 release leaves: its entry dated, the pending line gone, something new under [Unreleased]. */
function releasedOnceWithChanges(root: string, dir: string, change: string): void {
  const changelog = read(root, `${dir}/CHANGELOG.md`)
    .replace(/^## \[0\.1\.0\]$/m, '## [0.1.0] - 2026-12-01')
    .replace(/^Not yet released:.*\n\n/m, '')
    .replace('## [Unreleased]\n', `## [Unreleased]\n\n### Fixed\n\n- ${change}\n`);
  writeFileSync(path.join(root, dir, 'CHANGELOG.md'), changelog);
}

it('bumps both packages: versions, lockfile, a pinned reference, dated entries and compare links', () => {
  const root = scratchRepository();
  releasedOnceWithChanges(root, 'n8n-nodes', 'A node fix.');
  releasedOnceWithChanges(root, 'zapier-app', 'A Zap fix.');
  // A reference that still names a version, as the harness's once did, must follow the bump; a file: one stays.
  const harness = manifest(root, 'harness/package.json');
  harness.dependencies!['n8n-nodes-clarky'] = '0.1.0';
  writeFileSync(path.join(root, 'harness', 'package.json'), `${JSON.stringify(harness, null, 2)}\n`);
  const tests = manifest(root, 'test/package.json');
  tests.devDependencies!['n8n-nodes-clarky'] = 'file:../n8n-nodes';
  writeFileSync(path.join(root, 'test', 'package.json'), `${JSON.stringify(tests, null, 2)}\n`);
  const pinnedLock = lockfile(root);
  pinnedLock.packages.harness!.dependencies!['n8n-nodes-clarky'] = '0.1.0';
  writeFileSync(path.join(root, 'package-lock.json'), `${JSON.stringify(pinnedLock, null, 2)}\n`);

  writeEdits(root, releaseVersionEdits(root, 'n8n-nodes-clarky', '0.2.0', NOW));
  writeEdits(root, releaseVersionEdits(root, 'zapier', '1.0.0-rc.1', NOW));

  expect(manifest(root, 'n8n-nodes/package.json').version).toBe('0.2.0');
  expect(manifest(root, 'zapier-app/package.json').version).toBe('1.0.0-rc.1');
  expect(manifest(root, 'harness/package.json').dependencies!['n8n-nodes-clarky']).toBe('0.2.0');
  expect(manifest(root, 'test/package.json').devDependencies!['n8n-nodes-clarky']).toBe('file:../n8n-nodes');
  const lock = lockfile(root);
  expect(lock.packages['n8n-nodes']!.version).toBe('0.2.0');
  expect(lock.packages['zapier-app']!.version).toBe('1.0.0-rc.1');
  expect(lock.packages.harness!.dependencies!['n8n-nodes-clarky']).toBe('0.2.0');

  const n8n = read(root, 'n8n-nodes/CHANGELOG.md');
  expect(n8n).toContain(
    '## [Unreleased]\n\n## [0.2.0] - 2026-12-03\n\n### Fixed\n\n- A node fix.\n\n## [0.1.0] - 2026-12-01\n',
  );
  const base = 'https://github.com/clarky-ai/clarky-plugin-pack';
  expect(n8n).toContain(
    `[Unreleased]: ${base}/compare/n8n-nodes-clarky@0.2.0...HEAD\n` +
      `[0.2.0]: ${base}/compare/n8n-nodes-clarky@0.1.0...n8n-nodes-clarky@0.2.0\n` +
      `[0.1.0]: ${base}/releases/tag/n8n-nodes-clarky@0.1.0\n`,
  );
  expect(read(root, 'zapier-app/CHANGELOG.md')).toContain(
    `[1.0.0-rc.1]: ${base}/compare/zapier@0.1.0...zapier@1.0.0-rc.1\n`,
  );

  expect(checkVersionsAndChangelogs(root, 'n8n-nodes-clarky@0.2.0', NOW)).toEqual([]);
  expect(checkVersionsAndChangelogs(root, 'zapier@1.0.0-rc.1', NOW)).toEqual([]);
});

it('npm resolves the bumped workspaces to their folders and finds nothing to change in the lockfile', () => {
  const root = scratchRepository();
  releasedOnceWithChanges(root, 'n8n-nodes', 'A node fix.');
  writeEdits(root, releaseVersionEdits(root, 'n8n-nodes-clarky', '0.2.0', NOW));
  const written = read(root, 'package-lock.json');

  // Offline: a spec that npm would take from the registry fails here (ENOTCACHED, or E404 online).
  const install = spawnSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit'], {
    cwd: root,
    encoding: 'utf8',
  });

  expect(install.stderr).not.toMatch(/npm error/);
  expect(install.status).toBe(0);
  expect(read(root, 'package-lock.json')).toBe(written);
  const lock = lockfile(root);
  expect(lock.packages['node_modules/n8n-nodes-clarky']).toEqual({ resolved: 'n8n-nodes', link: true });
  expect(lock.packages['node_modules/@clarky/core']).toEqual({ resolved: 'core', link: true });
}, 120_000);

it('dates the pending first release in place', () => {
  const root = scratchRepository();
  const before = read(root, 'zapier-app/CHANGELOG.md');

  const edits = releaseVersionEdits(root, 'zapier', '0.1.0', NOW);
  writeEdits(root, edits);

  expect([...edits.keys()]).toEqual(['zapier-app/CHANGELOG.md']);
  const after = read(root, 'zapier-app/CHANGELOG.md');
  expect(after).toBe(
    before.replace('## [0.1.0]\n', '## [0.1.0] - 2026-12-03\n').replace(/^Not yet released:.*\n\n/m, ''),
  );
  expect(checkVersionsAndChangelogs(root, 'zapier@0.1.0', NOW)).toEqual([]);
});

it.each([
  ['n8n', '0.2.0', '"n8n" is not a released package: name one of n8n-nodes-clarky@X.Y.Z or zapier@X.Y.Z'],
  ['zapier', '1.2', '"1.2" is not a version: write X.Y.Z (or X.Y.Z-rc.1)'],
  ['zapier', '0.0.9', "0.0.9 is below clarky-zapier's version 0.1.0: give a version above it"],
  ['zapier', '0.1.0-rc.1', "0.1.0-rc.1 is below clarky-zapier's version 0.1.0: give a version above it"],
  [
    'n8n-nodes-clarky',
    '0.2.0',
    'n8n-nodes/CHANGELOG.md: "## [Unreleased]" is empty: write what this release changes under it first',
  ],
])('refuses %s %s: %s', (tagName, version, message) => {
  const root = scratchRepository();
  expect(() => releaseVersionEdits(root, tagName, version, NOW)).toThrow(message);
});

it('refuses to release a dated version again', () => {
  const root = scratchRepository();
  writeEdits(root, releaseVersionEdits(root, 'zapier', '0.1.0', NOW));
  expect(() => releaseVersionEdits(root, 'zapier', '0.1.0', NOW)).toThrow(
    'zapier-app/CHANGELOG.md: 0.1.0 is already released (2026-12-03): give a version above it',
  );
});

it('the command says what is wrong and exits 1, writing nothing', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/release-version.ts', 'zapier', '0.1'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.stderr.trim()).toBe(
    'release:version: "0.1" is not a version: write X.Y.Z (or X.Y.Z-rc.1); nothing was written',
  );
  expect(result.status).toBe(1);
}, 60_000);
