/**
 * docs/clarky-api.md says which endpoints Clarky documents and which this project assumes; core says the same in
 * ROUTE_PATTERNS and ASSUMED_ENDPOINTS. These fail when the two drift apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ASSUMED_ENDPOINTS, ROUTE_PATTERNS } from '@clarky/core';

const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'clarky-api.md'), 'utf8');

/** The endpoints a section's table lists, as "METHOD /path" without the query. */
function endpointsIn(heading: string): string[] {
  const section = doc.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/clarky-api.md has no "## ${heading}" section`);
  return [...section.matchAll(/^\| `([A-Z]+ \/[^`?]*)/gm)].map((match) => match[1]!);
}

const documented = endpointsIn('Documented endpoints');
const assumed = endpointsIn('Assumed endpoints');
const pathOf = (endpoint: string) => endpoint.split(' ')[1]!;

it('lists exactly the assumed endpoints core marks as assumed', () => {
  const marked = ASSUMED_ENDPOINTS.map(({ method, route }) => `${method} ${ROUTE_PATTERNS[route]}`);
  expect([...assumed].sort()).toEqual([...marked].sort());
});

it('lists every path core calls, each documented or assumed, and none that core does not know', () => {
  const listed = new Set([...documented, ...assumed].map(pathOf));
  expect([...listed].sort()).toEqual([...new Set(Object.values(ROUTE_PATTERNS))].sort());
  expect(documented.filter((endpoint) => assumed.includes(endpoint))).toEqual([]);
});
