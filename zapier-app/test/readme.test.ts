/** The README's table of creates and searches is generated from the app (scripts/readme.ts). */
import { readFileSync } from 'node:fs';
import { README_PATH, regenerate } from '../scripts/readme';
import { App } from './fixtures';

const readme = readFileSync(README_PATH, 'utf8');

it('has the creates and searches table as the app has it now (run `npm run readme -w zapier-app` to update)', () => {
  expect(readme).toBe(regenerate(readme));
});

it('lists every create, search and search-or-create key of the app in that table', () => {
  const keys = [App.creates, App.searches, App.searchOrCreates].flatMap((steps) => Object.keys(steps ?? {}));
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(readme).toContain(`| \`${key}\` |`);
});

it('says that POST /contacts is a path Clarky implies but does not show', () => {
  expect(readme).toMatch(/POST \/contacts[^\n]*assumed/);
});
