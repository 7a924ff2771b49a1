import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiRouter } from '../src/api/api-router';
import { controlRouter } from '../src/delivery/control-routes';
import { CONTROL_PREFIX, CONTROL_ROUTES } from '../src/http/sandbox-paths';
import { createWorkspace } from '../src/workspace/workspace';

const README = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The endpoints a README section's table lists, `METHOD /path` from each row's first cell, in order. */
function listed(heading: string): string[] {
  const section = README.split(/^## /m).find((text) => text.startsWith(heading));
  if (!section) throw new Error(`sandbox/README.md has no section "## ${heading}"`);
  return [...section.matchAll(/^\| `([A-Z]+ \/[^`]*)` \|/gm)].map((row) => row[1]!);
}

const unused = () => {
  throw new Error('only the routes are read');
};

it('the README lists every endpoint of the Clarky API the sandbox serves, in its order, and no other', () => {
  const served = apiRouter(createWorkspace('readme'))
    .declared()
    .map(({ method, pattern }) => `${method} ${pattern}`);
  expect(listed('API')).toEqual(served);
});

it('the README lists every control endpoint the sandbox serves, and no other', () => {
  const served = controlRouter({ trigger: unused }, { list: unused })
    .declared()
    .map(({ method, pattern }) => `${method} ${CONTROL_PREFIX}${pattern}`);
  // The request handler answers the receiver itself, on any method and without a key.
  served.push(`ANY ${CONTROL_PREFIX}${CONTROL_ROUTES.receiver}`);
  expect(listed('Events and deliveries')).toEqual(served);
});
