/**
 * The Contact ID and Company ID dropdowns against the local Clarky over real HTTP, as Zapier pages them
 * (bundle.meta.page, from 0): every Zapier page is one Clarky page of 100, read with one request, so scrolling
 * a long list costs one read of the key's rate limit per page.
 */
import { createClarkyClient, ROUTES, SAMPLE_AGENTS } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { BASE_URL_VARIABLE } from '../src/base-url';
import { COMPANY_DROPDOWN_KEY, CONTACT_DROPDOWN_KEY } from '../src/record-pickers';
import { App, appTester } from './fixtures';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Option = { id: string; name: string };

const CONTACTS = 250;

let sandbox: Sandbox;
/** The sandbox's log: one line per request, e.g. `GET /api/v1/contacts 200 3 ms`. */
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: { writes: 1_000 }, log: (line) => requests.push(line) });
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  const clarky = createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.write, transport: fetchTransport() });
  const seeded = sandbox.contacts().length;
  await Promise.all(
    Array.from({ length: CONTACTS - seeded }, (_, index) =>
      clarky.createContact({ bot_id: SAMPLE_AGENTS[0]!.id, emails: [`person${index}@example.com`] }),
    ),
  );
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await sandbox?.close();
});

/** Runs a dropdown trigger for Zapier's page `page`: its options, and every request it cost (`GET <path> <status>`). */
async function dropdownPage(key: string, page: number) {
  const perform = App.triggers[key]!.operation.perform as Perform;
  const before = requests.length;
  const options = (await appTester(perform, { authData: { api_key: sandbox.keys.write }, meta: { page } })) as Option[];
  const sent = requests.slice(before).map((line) => line.replace(/ \d+ ms$/, ''));
  return { ids: options.map((option) => option.id), requests: sent, options };
}

/** One successful read of a list, as the sandbox logs it. */
const oneRead = (path: string) => [`GET ${new URL(sandbox.url + path).pathname} 200`];

it('pages 250 contacts as 100, 100, 50, then none: disjoint, in Clarky’s order, each page one request', async () => {
  const all = sandbox.contacts().map((contact) => contact.id);
  expect(all).toHaveLength(CONTACTS);

  const pages = [];
  for (const page of [0, 1, 2, 3]) pages.push(await dropdownPage(CONTACT_DROPDOWN_KEY, page));

  expect(pages.map((page) => page.ids.length)).toEqual([100, 100, 50, 0]);
  expect(pages.map((page) => page.requests)).toEqual(Array(4).fill(oneRead(ROUTES.contacts)));
  // Together the pages are Clarky's list, each record once and in its order.
  expect(pages.flatMap((page) => page.ids)).toEqual(all);
  // Still options: a contact without a name is shown by its email.
  expect(pages[2]!.options.map((option) => option.name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^person\d+@example\.com$/)]),
  );
});

it('pages the companies the same way: the first page lists them, the next is empty, one request each', async () => {
  const all = sandbox.companies().map((company) => company.id);
  const first = await dropdownPage(COMPANY_DROPDOWN_KEY, 0);
  const past = await dropdownPage(COMPANY_DROPDOWN_KEY, 1);
  expect([first.ids, past.ids]).toEqual([all, []]);
  expect([first.requests, past.requests]).toEqual([oneRead(ROUTES.companies), oneRead(ROUTES.companies)]);
});
