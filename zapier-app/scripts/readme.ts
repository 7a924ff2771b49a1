/**
 * Writes the README's table of creates and searches from the app itself, between `<!-- actions:start -->` and
 * `<!-- actions:end -->`.
 * `npm run readme` rewrites README.md; the package's readme test (and release:check) fail when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLARKY_ACTIONS, searchOrCreates } from '../src/clarky-actions';

export const README_PATH = join(__dirname, '..', 'README.md');

const START = '<!-- actions:start -->';
const END = '<!-- actions:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function actionsTable(): string {
  const rows = CLARKY_ACTIONS.map(
    (action) =>
      `| ${cell(action.label)} | ${action.kind} | \`${action.key}\` | ${cell(action.description)} | ${cell(action.operation.source)} |`,
  );
  const paired = searchOrCreates.map(
    (pair) =>
      `| ${cell(pair.display.label)} | search or create | \`${pair.key}\` | ${cell(pair.display.description)} | \`${pair.search}\`, then \`${pair.create}\` |`,
  );
  return [
    '| Action | Type | Key | What it does | Built on |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...paired,
  ].join('\n');
}

/** The README with the generated table replaced by what the app offers now. */
export function regenerate(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to < from) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, from + START.length)}\n${actionsTable()}\n${readme.slice(to)}`;
}

if (require.main === module) {
  writeFileSync(README_PATH, regenerate(readFileSync(README_PATH, 'utf8')));
}
