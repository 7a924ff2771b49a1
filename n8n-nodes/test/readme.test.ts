/** The README's events, variables and operations tables are generated from core (scripts/readme.ts). */
import { readFileSync } from 'node:fs';
import { ACTIONS, EVENTS, VARIABLES } from '@clarky/core';
import { README_PATH, regenerate } from '../scripts/readme';

const readme = readFileSync(README_PATH, 'utf8');

it('has the generated tables as core has them now (run `npm run readme -w n8n-nodes` to update)', () => {
  expect(readme).toBe(regenerate(readme));
});

it('lists every event key and every template variable', () => {
  for (const event of EVENTS) expect(readme).toContain(`| ${event.displayName} | \`${event.key}\` |`);
  for (const variable of VARIABLES) expect(readme).toContain(`\`{{${variable.name}}}\``);
});

it('lists every operation of the Clarky node with its documented source', () => {
  for (const operation of ACTIONS) expect(readme).toContain(`| ${operation.label} |`);
  for (const operation of ACTIONS) expect(readme).toContain(operation.source);
});

it('regenerates a stale operations table', () => {
  const stale = readme.replace(`| ${ACTIONS[0]!.label} |`, '| Delete Contact |');
  expect(stale).not.toBe(readme);
  expect(regenerate(stale)).toBe(readme);
});

it('regenerates a stale table', () => {
  const stale = readme.replace(`\`${EVENTS[0].key}\``, '`contact.made_up`');
  expect(stale).not.toBe(readme);
  expect(regenerate(stale)).toBe(readme);
});
