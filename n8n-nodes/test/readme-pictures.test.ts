/**
 * The README's pictures (screenshots the browser end-to-end test saves into docs/) must exist: a renamed or missing
 * screenshot would show as a broken image on the package page.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { README_PATH } from '../scripts/readme';

const packageDir = path.dirname(README_PATH);
const docsDir = path.join(packageDir, 'docs');
const readme = readFileSync(README_PATH, 'utf8');

/** Every local picture the README shows, as Markdown `![alt](path)` or HTML `<img src="path">`, relative to it. */
function localPictures(markdown: string): string[] {
  const markdownImages = [...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const htmlImages = [...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)];
  return [...markdownImages, ...htmlImages]
    .map((match) => match[1]!)
    .filter((source) => !/^[a-z]+:/i.test(source))
    .map((source) => decodeURI(source.replace(/^\.\//, '').split(/[?#]/)[0]!));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

it('shows the screenshots from docs/', () => {
  expect(localPictures(readme).filter((source) => source.startsWith('docs/')).length).toBeGreaterThan(0);
});

it.each(localPictures(readme))('shows %s, which exists and is a PNG', (source) => {
  const file = path.join(packageDir, source);
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file).subarray(0, PNG_SIGNATURE.length)).toEqual(PNG_SIGNATURE);
});

it('shows every picture in docs/ (none left over from a rename)', () => {
  const shown = new Set(localPictures(readme));
  const pictures = existsSync(docsDir) ? readdirSync(docsDir).filter((name) => name.endsWith('.png')) : [];
  expect(pictures.filter((name) => !shown.has(`docs/${name}`))).toEqual([]);
});

it('finds a missing picture', () => {
  expect(localPictures('See ![panel](docs/missing.png) and <img src="./docs/other.png" width="600">.')).toEqual([
    'docs/missing.png',
    'docs/other.png',
  ]);
  expect(localPictures('![logo](https://example.com/logo.png)')).toEqual([]);
});
