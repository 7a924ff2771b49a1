/**
 * release:check's cheap gates (scripts/release-check.ts) on fixtures and temp copies: each fails on its kind of
 * mistake, and all pass on the repository as it is. The slow gates are commands run by `npm run release:check`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENTS } from '@clarky/core';
import {
  GATES,
  GENERATED_READMES,
  RELEASED_PACKAGES,
  ROOT,
  TARBALL_MAX_UNPACKED_BYTES,
  checkChangelogEntry,
  checkReadmeTables,
  checkTaggedChangelog,
  checkTarballContents,
  checkVersionsAndChangelogs,
  packN8nNodes,
  parseReleaseTag,
  readTarball,
  requiredN8nFiles,
  type PackedFile,
} from '../release-check';
import { copyOfRepository, scratchFolder } from './scratch';

const work = scratchFolder('clarky-release-check-test-');

/** A temp copy of what the versions gate reads: each released package's package.json and CHANGELOG.md. */
const copyOfReleasedPackages = () =>
  copyOfRepository(
    work(),
    RELEASED_PACKAGES.flatMap(({ dir }) => ['package.json', 'CHANGELOG.md'].map((file) => path.join(dir, file))),
  );

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

const versionOf = (root: string, dir: string) =>
  (JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;

describe('the cheap gates pass on the repository as it is', () => {
  it('versions and changelogs', () => {
    expect(checkVersionsAndChangelogs(ROOT)).toEqual([]);
  });

  it.each(GENERATED_READMES.map((generated) => [generated.workspace, generated] as const))(
    'README tables of %s',
    (_, generated) => {
      expect(checkReadmeTables(generated)).toEqual([]);
    },
  );

  it('n8n tarball contents (npm pack)', async () => {
    const { unpacked, files } = readTarball(await packN8nNodes(ROOT, work()), work());
    const packageJson = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
    expect(checkTarballContents(files, requiredN8nFiles(packageJson))).toEqual([]);
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['CHANGELOG.md', 'LICENSE', 'README.md']));
  }, 180_000);
});

describe('versions and changelogs', () => {
  it('fails a version bumped without a changelog entry', () => {
    const root = copyOfReleasedPackages();
    edit(path.join(root, 'n8n-nodes', 'package.json'), (text) =>
      text.replace(/"version": "[^"]+"/, '"version": "9.8.7"'),
    );

    expect(checkVersionsAndChangelogs(root)).toEqual([
      'n8n-nodes/CHANGELOG.md: no "## [9.8.7]" entry for version 9.8.7',
    ]);
  });

  it('fails a tag whose version is not the package version', () => {
    const root = copyOfReleasedPackages();
    const version = versionOf(root, 'zapier-app');

    expect(checkVersionsAndChangelogs(root, 'zapier@9.8.7')).toEqual([
      `tag "zapier@9.8.7" but zapier-app/package.json has version ${version}`,
    ]);
  });

  it('fails a tag naming no released package, or not shaped <package>@X.Y.Z', () => {
    const root = copyOfReleasedPackages();
    expect(checkVersionsAndChangelogs(root, 'n8n@0.1.0')[0]).toMatch(/^tag "n8n@0.1.0" names no released package/);
    expect(checkVersionsAndChangelogs(root, 'v0.1.0')[0]).toMatch(/^tag "v0.1.0" is not <package>@X.Y.Z/);
  });

  it('passes a matching tag only once its changelog entry is dated (and its pending note gone)', () => {
    const root = copyOfReleasedPackages();
    const version = versionOf(root, 'n8n-nodes');
    const tag = `n8n-nodes-clarky@${version}`;
    const changelog = path.join(root, 'n8n-nodes', 'CHANGELOG.md');
    const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\].*$`, 'm');
    const withHeading = (line: string) => readFileSync(changelog, 'utf8').replace(heading, line);
    const now = new Date('2026-12-01T08:00:00Z');

    writeFileSync(changelog, withHeading(`## [${version}]`));
    expect(checkVersionsAndChangelogs(root, tag, now)).toEqual([
      `n8n-nodes/CHANGELOG.md: the "## [${version}]" entry has no release date: write "## [${version}] - YYYY-MM-DD"`,
      `n8n-nodes/CHANGELOG.md: the "## [${version}]" entry still says "Not yet released:": take that line out`,
    ]);

    writeFileSync(changelog, withHeading(`## [${version}] - 2026-12-01`).replace(/^Not yet released:.*\n\n/m, ''));
    expect(checkVersionsAndChangelogs(root, tag, now)).toEqual([]);
  });
});

describe('the tag gate (checkTaggedChangelog)', () => {
  const changelog = ({ unreleased = '', entry = '## [0.2.0] - 2026-12-01' } = {}) =>
    `# Changelog\n\n## [Unreleased]\n\n${unreleased}\n${entry}\n\n- Fixed.\n\n` +
    `## [0.1.0] - 2026-11-01\n\n- First.\n\n[Unreleased]: https://example.org\n`;
  const now = new Date('2026-12-01T23:59:00Z');

  it('passes a dated release above the last one with nothing left under [Unreleased]', () => {
    expect(checkTaggedChangelog(changelog(), '0.2.0', now)).toEqual([]);
  });

  it('fails while [Unreleased] still lists something: it would not ship', () => {
    expect(checkTaggedChangelog(changelog({ unreleased: '### Added\n\n- Later.\n' }), '0.2.0', now)).toEqual([
      '"## [Unreleased]" is not empty, so what it lists would not ship in 0.2.0: move it under "## [0.2.0]", ' +
        'or leave it out of this release and tag later',
    ]);
  });

  it('fails a release date after today (UTC)', () => {
    expect(checkTaggedChangelog(changelog({ entry: '## [0.2.0] - 2026-12-02' }), '0.2.0', now)).toEqual([
      'the "## [0.2.0]" entry is dated 2026-12-02, after today (2026-12-01 UTC): date it today',
    ]);
  });

  it('fails a version not above the last released one, pre-releases included', () => {
    expect(checkTaggedChangelog(changelog({ entry: '## [0.0.9] - 2026-12-01' }), '0.0.9', now)).toEqual([
      '0.0.9 is not above 0.1.0, the last released version in the changelog',
    ]);
    expect(checkTaggedChangelog(changelog({ entry: '## [0.1.0-rc.1] - 2026-12-01' }), '0.1.0-rc.1', now)).toEqual([
      '0.1.0-rc.1 is not above 0.1.0, the last released version in the changelog',
    ]);
  });
});

describe('checkChangelogEntry', () => {
  const changelog = (entry: string) =>
    `# Changelog\n\n## [Unreleased]\n\n${entry}\n## [0.1.0] - 2026-11-01\n\n- First.\n\n[0.1.0]: https://example.org\n`;

  it('finds a dated or undated entry with content', () => {
    expect(checkChangelogEntry(changelog('## [0.2.0] - 2026-12-01\n\n- Fixed.\n'), '0.2.0', { dated: true })).toEqual(
      [],
    );
    expect(checkChangelogEntry(changelog('## [0.2.0]\n\n- Fixed.\n'), '0.2.0', { dated: false })).toEqual([]);
    expect(checkChangelogEntry(changelog(''), '0.1.0', { dated: true })).toEqual([]);
  });

  it('refuses an empty entry, a missing date when tagging, and does not take 0.1.0 for 0.1.01', () => {
    expect(checkChangelogEntry(changelog('## [0.2.0] - 2026-12-01\n'), '0.2.0', { dated: false })).toEqual([
      'the "## [0.2.0]" entry is empty',
    ]);
    expect(checkChangelogEntry(changelog('## [0.2.0] - soon\n\n- Fixed.\n'), '0.2.0', { dated: true })).toEqual([
      'the "## [0.2.0]" entry has no release date: write "## [0.2.0] - YYYY-MM-DD"',
    ]);
    expect(checkChangelogEntry(changelog(''), '0.1.01', { dated: false })).toEqual([
      'no "## [0.1.01]" entry for version 0.1.01',
    ]);
  });

  it('parses release tags', () => {
    expect(parseReleaseTag('n8n-nodes-clarky@1.2.3')).toEqual({ name: 'n8n-nodes-clarky', version: '1.2.3' });
    expect(parseReleaseTag('zapier@1.0.0-rc.1')).toEqual({ name: 'zapier', version: '1.0.0-rc.1' });
    expect(parseReleaseTag('zapier@1.0')).toBeUndefined();
  });
});

describe('n8n tarball contents', () => {
  const clean: PackedFile[] = [
    { path: 'package.json', size: 1_600 },
    { path: 'README.md', size: 12_000 },
    { path: 'LICENSE', size: 1_000 },
    { path: 'CHANGELOG.md', size: 2_000 },
    { path: 'dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js', size: 60_000, text: 'module.exports = {};\n' },
  ];

  it('passes dist/ and the top-level files', () => {
    expect(checkTarballContents(clean)).toEqual([]);
  });

  it('fails a stray file, a source map, a TypeScript source and an inline source map', () => {
    const listing = [
      ...clean,
      { path: 'test/fixture.json', size: 10 },
      { path: 'dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js.map', size: 10 },
      { path: 'dist/credentials/ClarkyApi.credentials.ts', size: 10 },
      { path: 'dist/inline.js', size: 10, text: '//# sourceMappingURL=data:application/json;base64,e30=' },
    ];
    expect(checkTarballContents(listing)).toEqual([
      'test/fixture.json: only dist/ and package.json, README.md, LICENSE, CHANGELOG.md belong in the tarball',
      'dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js.map: a source map (it would ship the sources)',
      'dist/credentials/ClarkyApi.credentials.ts: a TypeScript source',
      'dist/inline.js: links or inlines a source map',
    ]);
  });

  it('fails a missing file and a tarball over the size bound', () => {
    const listing = clean.filter((file) => file.path !== 'CHANGELOG.md');
    listing.push({ path: 'dist/zod.js', size: TARBALL_MAX_UNPACKED_BYTES });
    const problems = checkTarballContents(listing);
    expect(problems[0]).toBe('CHANGELOG.md: missing from the tarball');
    expect(problems[1]).toMatch(/ bytes unpacked, over the 262144-byte bound$/);
  });
});

describe('a given tarball (--tarball)', () => {
  it('is what the tarball gate checks: nothing is packed again', async () => {
    const made = mkdtempSync(path.join(work(), 'given-'));
    mkdirSync(path.join(made, 'package', 'dist'), { recursive: true });
    writeFileSync(path.join(made, 'package', 'package.json'), '{"n8n":{"credentials":[],"nodes":[]}}');
    writeFileSync(path.join(made, 'package', 'dist', 'index.js'), '//# sourceMappingURL=index.js.map\n');
    writeFileSync(path.join(made, 'package', 'stray.txt'), 'x');
    const tarball = path.join(made, 'given.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', made, 'package']);
    const gate = GATES.find((candidate) => candidate.name === 'n8n tarball contents')!;
    const context = { root: ROOT, tag: undefined, work: mkdtempSync(path.join(work(), 'gate-')), tarball };

    const problems = await gate.run(context);

    expect(problems).toEqual([
      'dist/index.js: links or inlines a source map',
      'stray.txt: only dist/ and package.json, README.md, LICENSE, CHANGELOG.md belong in the tarball',
      'README.md: missing from the tarball',
      'LICENSE: missing from the tarball',
      'CHANGELOG.md: missing from the tarball',
    ]);
    expect(context.tarball).toBe(tarball);
  });
});

describe('README tables', () => {
  it('fails a stale n8n events table and says how to regenerate it', () => {
    const n8n = GENERATED_READMES.find((generated) => generated.workspace === 'n8n-nodes')!;
    const readme = readFileSync(n8n.path, 'utf8');
    const stale = readme.replace(`\`${EVENTS[0].key}\``, '`contact.made_up`');
    expect(stale).not.toBe(readme);
    expect(checkReadmeTables(n8n, stale)).toEqual([
      expect.stringMatching(
        /^n8n-nodes\/README.md line \d+ differs from what the code generates: run `npm run readme -w n8n-nodes`$/,
      ),
    ]);
  });

  it('fails a stale Zapier actions table', () => {
    const zapier = GENERATED_READMES.find((generated) => generated.workspace === 'zapier-app')!;
    const readme = readFileSync(zapier.path, 'utf8');
    const table = readme.indexOf('<!-- actions:start -->');
    const stale = readme.slice(0, table) + readme.slice(table).replace('Create Contact', 'Make Contact');
    expect(stale).not.toBe(readme);
    expect(checkReadmeTables(zapier, stale)).toEqual([expect.stringMatching(/^zapier-app\/README.md line \d+ /)]);
  });
});
