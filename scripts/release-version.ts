/**
 * `npm run release:version -- <package> <version>`: prepares a release of n8n-nodes-clarky or the Zapier app.
 *
 *   npm run release:version -- n8n-nodes-clarky 0.2.0
 *   npm run release:version -- zapier 0.1.0          the first release: dates the pending "## [0.1.0]" entry
 *
 * It sets the workspace's version in its package.json and in package-lock.json, any workspace reference to it
 * that still names a version (they are `file:` specs, which always link the local folder), and in its
 * CHANGELOG.md moves `[Unreleased]` under `## [<version>] - <today, UTC>` with the compare links. It refuses,
 * writing nothing, a malformed version, one not above the current (except the current one while its entry is
 * pending) and an empty `[Unreleased]`. Then: `npm run release:check -- --tag <package>@<version>`, commit, tag.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { datePendingEntry, releaseUnreleased, utcDay } from './changelog';
import { RELEASED_PACKAGES, RELEASE_TAG_SHAPES } from './released-packages';
import { compareVersions, isVersion } from './semver';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

interface PackageJson {
  name: string;
  version?: string;
  workspaces?: string[];
  [field: string]: unknown;
}

/** Each file's new text, by path relative to the root: written only once every check passed. */
export type Edits = Map<string, string>;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** The edits that release `version` of the package tagged `tagName` (`n8n-nodes-clarky`, `zapier`). */
export function releaseVersionEdits(root: string, tagName: string, version: string, now: Date): Edits {
  const released = RELEASED_PACKAGES.find((candidate) => candidate.tagName === tagName);
  if (!released) throw new Error(`"${tagName}" is not a released package: name one of ${RELEASE_TAG_SHAPES}`);
  if (!isVersion(version)) throw new Error(`"${version}" is not a version: write X.Y.Z (or X.Y.Z-rc.1)`);
  const manifestPath = path.join(released.dir, 'package.json');
  const manifestText = readFileSync(path.join(root, manifestPath), 'utf8');
  const manifest = JSON.parse(manifestText) as PackageJson;
  const current = manifest.version ?? '0.0.0';
  const changelogPath = path.join(released.dir, 'CHANGELOG.md');
  const changelog = readFileSync(path.join(root, changelogPath), 'utf8');
  const date = utcDay(now);
  const edits: Edits = new Map();

  const order = compareVersions(version, current);
  if (order < 0) throw new Error(`${version} is below ${manifest.name}'s version ${current}: give a version above it`);
  try {
    // The current version again is the first release: its entry is pending (undated) until now.
    edits.set(
      changelogPath,
      order === 0
        ? datePendingEntry(changelog, version, date)
        : releaseUnreleased(changelog, { tagName, version, date }),
    );
  } catch (error) {
    throw new Error(`${changelogPath}: ${(error as Error).message}`);
  }
  if (order === 0) return edits;

  edits.set(manifestPath, setJsonString(manifestText, 'version', current, version));
  for (const workspace of readJson(path.join(root, 'package.json')).workspaces ?? []) {
    const file = path.join(workspace, 'package.json');
    const text = edits.get(file) ?? readFileSync(path.join(root, file), 'utf8');
    const renamed = pinnedReferences(JSON.parse(text) as PackageJson, manifest.name).reduce(
      (edited, spec) => setJsonString(edited, manifest.name, spec, version),
      text,
    );
    if (renamed !== text) edits.set(file, renamed);
  }
  edits.set(
    'package-lock.json',
    bumpLockfile(readFileSync(path.join(root, 'package-lock.json'), 'utf8'), released.dir, manifest.name, version),
  );
  return edits;
}

/** The specs naming `name` by a version rather than a folder (`file:`), which npm could take from the registry. */
function pinnedReferences(manifest: Record<string, unknown>, name: string): string[] {
  return DEPENDENCY_FIELDS.map((field) => (manifest[field] as Record<string, string> | undefined)?.[name]).filter(
    (spec): spec is string => spec !== undefined && !spec.startsWith('file:'),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `"key": "from"` set to `"key": "to"` in JSON text, keeping its formatting. */
function setJsonString(text: string, key: string, from: string, to: string): string {
  const pattern = new RegExp(`("${escapeRegExp(key)}":\\s*)"${escapeRegExp(from)}"`);
  if (!pattern.test(text)) throw new Error(`no "${key}": "${from}" to change`);
  return text.replace(pattern, `$1"${to}"`);
}

/** The lockfile with the workspace's version and every workspace's version reference to it bumped. */
function bumpLockfile(text: string, dir: string, name: string, version: string): string {
  const lock = JSON.parse(text) as { packages: Record<string, Record<string, unknown>> };
  const entry = lock.packages[dir];
  if (!entry) throw new Error(`package-lock.json has no "${dir}" workspace: run npm install first`);
  entry.version = version;
  for (const workspaceEntry of Object.values(lock.packages)) {
    for (const field of DEPENDENCY_FIELDS) {
      const specs = workspaceEntry[field] as Record<string, string> | undefined;
      if (specs?.[name] !== undefined && !specs[name].startsWith('file:')) specs[name] = version;
    }
  }
  // npm writes its lockfile as two-space JSON with a final newline.
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function writeEdits(root: string, edits: Edits): void {
  for (const [file, text] of edits) writeFileSync(path.join(root, file), text);
}

if (require.main === module) {
  const [tagName, version, ...rest] = process.argv.slice(2);
  try {
    if (!tagName || !version || rest.length > 0) {
      throw new Error(`usage: npm run release:version -- <package> <version>, with ${RELEASE_TAG_SHAPES}`);
    }
    const edits = releaseVersionEdits(path.join(__dirname, '..'), tagName, version, new Date());
    writeEdits(path.join(__dirname, '..'), edits);
    console.log(`release:version ${tagName}@${version}: wrote ${[...edits.keys()].join(', ')}`);
    console.log(`next: npm run release:check -- --tag ${tagName}@${version}, commit, then tag ${tagName}@${version}`);
  } catch (error) {
    console.error(`release:version: ${(error as Error).message}; nothing was written`);
    process.exitCode = 1;
  }
}
