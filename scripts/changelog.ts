/**
 * A Keep a Changelog file (https://keepachangelog.com/en/1.1.0/) as the release scripts read and edit it:
 * `## [Unreleased]`, then `## [X.Y.Z] - YYYY-MM-DD` per release (undated while it is pending), then the link
 * references (`[X.Y.Z]: <url>`) at the bottom.
 */

export interface ChangelogSection {
  /** `Unreleased` or a version. */
  readonly name: string;
  /** `YYYY-MM-DD` when the heading carries one, or whatever else follows ` - `. */
  readonly date: string | undefined;
  /** The heading's line index. */
  readonly heading: number;
  /** The index past its body: the next `## ` heading, the link references, or the end. */
  readonly end: number;
}

const HEADING = /^## \[([^\]]+)\](?:\s+-\s+(.*?))?\s*$/;
const LINK_REFERENCE = /^\[[^\]]+\]:\s/;
/** `[Unreleased]: <repository>/compare/<previous tag>...HEAD`. */
const UNRELEASED_LINK = /^\[Unreleased\]:\s*(\S+)\/compare\/(\S+)\.\.\.HEAD\s*$/;
/** The line a pending entry carries until `release:version` dates it. */
export const PENDING_NOTE = 'Not yet released:';

export const isDate = (text: string | undefined): text is string =>
  text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));

/** Today in UTC as `YYYY-MM-DD`: the date a release is given and compared with. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

export function changelogSections(lines: readonly string[]): ChangelogSection[] {
  const sections: ChangelogSection[] = [];
  lines.forEach((line, index) => {
    const match = HEADING.exec(line);
    if (!match) return;
    const after = lines.slice(index + 1).findIndex((next) => next.startsWith('## ') || LINK_REFERENCE.test(next));
    sections.push({
      name: match[1]!,
      date: match[2],
      heading: index,
      end: after === -1 ? lines.length : index + 1 + after,
    });
  });
  return sections;
}

/** The section's lines under its heading, without leading and trailing blank lines. */
export function sectionBody(lines: readonly string[], section: ChangelogSection): string[] {
  const body = lines.slice(section.heading + 1, section.end);
  while (body.length > 0 && body[0]!.trim() === '') body.shift();
  while (body.length > 0 && body.at(-1)!.trim() === '') body.pop();
  return body;
}

/**
 * `[Unreleased]`'s content moved under `## [version] - date`, an empty `## [Unreleased]` left above it, and the
 * links: `[Unreleased]` compares from the new tag, `[version]` from the previous tag to the new one.
 */
export function releaseUnreleased(changelog: string, release: { tagName: string; version: string; date: string }) {
  const lines = changelog.split('\n');
  const unreleased = changelogSections(lines).find((section) => section.name === 'Unreleased');
  if (!unreleased) throw new Error('it has no "## [Unreleased]" heading: add one with what this release changes');
  const body = sectionBody(lines, unreleased);
  if (body.length === 0) {
    throw new Error('"## [Unreleased]" is empty: write what this release changes under it first');
  }
  const link = lines.findIndex((line) => UNRELEASED_LINK.test(line));
  if (link === -1) {
    throw new Error(
      `it has no "[Unreleased]: <repository>/compare/${release.tagName}@<last version>...HEAD" link to follow`,
    );
  }
  const [, base, previous] = UNRELEASED_LINK.exec(lines[link]!)!;
  const tag = `${release.tagName}@${release.version}`;
  const links = [
    `[Unreleased]: ${base}/compare/${tag}...HEAD`,
    `[${release.version}]: ${base}/compare/${previous}...${tag}`,
  ];
  const released = ['## [Unreleased]', '', `## [${release.version}] - ${release.date}`, '', ...body, ''];
  const edited = [...lines];
  // The link first: it sits below the section, so the section's indexes stay valid.
  edited.splice(link, 1, ...links);
  edited.splice(unreleased.heading, unreleased.end - unreleased.heading, ...released);
  return edited.join('\n');
}

/** A pending (undated) `## [version]` entry given its date, and its "Not yet released:" line taken out. */
export function datePendingEntry(changelog: string, version: string, date: string): string {
  const lines = changelog.split('\n');
  const entry = changelogSections(lines).find((section) => section.name === version);
  if (!entry) throw new Error(`it has no "## [${version}]" entry`);
  if (isDate(entry.date)) throw new Error(`${version} is already released (${entry.date}): give a version above it`);
  const edited = [...lines];
  const note = edited.findIndex(
    (line, index) => index > entry.heading && index < entry.end && line.startsWith(PENDING_NOTE),
  );
  // The note and the blank line after it.
  if (note !== -1) edited.splice(note, edited[note + 1]?.trim() === '' ? 2 : 1);
  edited[entry.heading] = `## [${version}] - ${date}`;
  return edited.join('\n');
}
