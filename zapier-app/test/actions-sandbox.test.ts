/**
 * The app's creates and searches against the local Clarky over real HTTP, as Zapier runs them (appTester):
 * each operation's effect is read back from the sandbox, not from what the app says it did.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { BASE_URL_VARIABLE } from '../src/base-url';
import { App, appTester, zapierErrorFields } from './fixtures';

const step = (kind: 'creates' | 'searches', key: string) => {
  const found = App[kind]?.[key];
  if (!found) throw new Error(`no ${kind} ${key}`);
  return found.operation.perform;
};
const createContact = step('creates', 'contact_create');
const logActivity = step('creates', 'activity_create');
const createCompany = step('creates', 'company_create');
const startSequence = step('creates', 'sequence_start');
const findContact = step('searches', 'contact_getByEmail');
const findCompany = step('searches', 'company_findByDomain');

let sandbox: Sandbox;
let authData: { api_key: string };
let agentId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  authData = { api_key: sandbox.keys.write };
  agentId = sandbox.agents[0]!.id;
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await sandbox?.close();
});

type Row = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** Runs a step as Zapier does, with the sandbox's write key; a search answers rows, a create one row. */
async function run<T = Row>(perform: Perform, inputData: Record<string, unknown>): Promise<T> {
  return (await appTester(perform, { authData, inputData })) as T;
}

const maria = () => sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!;
const emailOf = (contact: { emails: readonly { email: string }[] }) => contact.emails[0]!.email;

describe('searches', () => {
  it('Find Contact by Email answers the contact Clarky has, and an empty list when it has none', async () => {
    const found = await run(findContact, { email: emailOf(maria()) });
    expect(found).toEqual([expect.objectContaining({ id: maria().id, first_name: 'Maria' })]);

    const none = await run(findContact, { email: 'nobody@example.com' });
    expect(none).toEqual([]);
  });

  it('Find Company by Domain answers the company with exactly that domain, and an empty list for another', async () => {
    const alpine = sandbox.companies().find((company) => company.domain === 'alpineskihouse.example')!;
    const found = await run(findCompany, { domain: 'alpineskihouse.example' });
    expect(found).toEqual([expect.objectContaining({ id: alpine.id, name: 'Alpine Ski House' })]);

    // "alpineskihouse" alone is a search term Clarky would match; the domain filter is exact.
    const none = await run(findCompany, { domain: 'alpineskihouse' });
    expect(none).toEqual([]);
  });

  it('Find or Create Contact: the search finds an existing contact; for a new email it finds none and the create makes it', async () => {
    expect(App.searchOrCreates?.contact_getByEmail).toMatchObject({
      search: 'contact_getByEmail',
      create: 'contact_create',
    });
    expect(await run(findContact, { email: emailOf(maria()) })).toHaveLength(1);

    const email = 'grace.hopper@example.com';
    expect(await run(findContact, { email })).toEqual([]);
    const created = await run(createContact, {
      bot_id: agentId,
      email,
      first_name: 'Grace',
      last_name: 'Hopper',
      tags: ['lead', 'zapier'],
    });
    const stored = sandbox.contacts().find((contact) => contact.id === created.id);
    expect(stored).toMatchObject({ bot_id: agentId, first_name: 'Grace', tags: ['lead', 'zapier'] });
    expect(stored?.emails.map((entry) => entry.email)).toEqual([email]);

    // The next run of the same Zap finds the contact instead of creating it again.
    expect(await run(findContact, { email })).toEqual([expect.objectContaining({ id: created.id })]);
  });
});

describe('creates', () => {
  it('Log Activity adds the entry to the contact’s timeline, the duration typed as Zapier may send it (text)', async () => {
    const contactId = maria().id;
    const logged = await run(logActivity, {
      activity_type: 'call',
      contact_id: contactId,
      title: 'No-show',
      duration_minutes: '15',
    });
    expect(sandbox.activities().find((activity) => activity.id === logged.id)).toMatchObject({
      contact_id: contactId,
      activity_type: 'call',
      title: 'No-show',
      duration_minutes: 15,
    });
  });

  it('Create Company stores the company with its agent, and Find Company by Domain then finds it', async () => {
    const created = await run(createCompany, {
      bot_id: agentId,
      name: 'Tailspin Toys',
      domain: 'tailspin.example',
      tags: 'prospect',
    });
    expect(sandbox.companies().find((company) => company.id === created.id)).toMatchObject({
      bot_id: agentId,
      name: 'Tailspin Toys',
      domain: 'tailspin.example',
      tags: ['prospect'],
    });
    const found = await run<Row[]>(findCompany, { domain: 'tailspin.example' });
    expect(found.map((company) => company.id)).toEqual([created.id]);
  });

  it('Start Sequence starts the template for the person, pending approval unless Auto-Approve is on', async () => {
    const template = sandbox.sequenceTemplates.find((candidate) => candidate.bot_id !== null)!;
    const email = emailOf(maria());
    const pending = await run<{ status: string }>(startSequence, { template_id: template.id, email });
    const approved = await run<{ status: string }>(startSequence, {
      template_id: template.id,
      phone_number: '+34911234567',
      first_name: 'Lucía',
      auto_approve: 'yes',
    });
    expect([pending.status, approved.status]).toEqual(['pending_approval', 'pending']);
    const [first, second] = sandbox.startedSequences().slice(-2);
    expect(first).toMatchObject({ template_id: template.id, contact_id: maria().id, contact_created: false });
    expect(second).toMatchObject({ template_id: template.id, contact_created: true, auto_approve: true });
  });

  it('returns records holding every field of its static sample, so the sample shows nothing a live run lacks', async () => {
    const live = {
      contact_create: await run(createContact, { bot_id: agentId, email: 'ada@example.com', first_name: 'Ada' }),
      activity_create: await run(logActivity, {
        activity_type: 'note',
        contact_id: maria().id,
        description: 'Asked for pricing',
      }),
      company_create: await run(createCompany, { bot_id: agentId, name: 'Litware' }),
    };
    for (const [key, record] of Object.entries(live)) {
      const sample = App.creates?.[key]?.operation.sample ?? {};
      expect({ [key]: Object.keys(sample).filter((field) => !(field in record)) }).toEqual({ [key]: [] });
    }
  });
});

describe('errors', () => {
  it('a value core refuses becomes a Zapier error naming the field by its label, and nothing reaches Clarky', async () => {
    const before = sandbox.activities().length;
    const error = await run(logActivity, { activity_type: 'call', title: 'No contact given' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'AppError' });
    const { message, code } = zapierErrorFields(error);
    expect(code).toBe('invalid_input');
    expect(message).toBe('Check the values: give a Contact ID or a Company ID (or both).');
    expect(sandbox.activities()).toHaveLength(before);
  });

  it("Clarky's 422 reaches Zapier with Clarky's reason, its code and status", async () => {
    const error = await run(createContact, { bot_id: 'b_NOT_IN_THIS_WORKSPACE', email: 'x@example.com' }).catch(
      (caught: unknown) => caught,
    );
    expect(zapierErrorFields(error)).toMatchObject({
      code: 'validation_error',
      status: 422,
      message: expect.stringContaining('bot_id'),
    });
  });
});

it('a 429 from Clarky reaches Zapier as a ThrottledError carrying Retry-After, without waiting it out', async () => {
  const limited = await startSandbox({ port: 0, rateLimits: { writes: 1, windowMs: 60_000 } });
  process.env[BASE_URL_VARIABLE] = limited.url;
  try {
    const bundle = { authData: { api_key: limited.keys.write }, inputData: { bot_id: agentId, name: 'Adatum' } };
    await appTester(createCompany, bundle);
    const startedAt = Date.now();
    const error = await appTester(createCompany, bundle).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ThrottledError' });
    expect(zapierErrorFields(error)).toMatchObject({ delay: expect.any(Number) });
    expect((zapierErrorFields(error).delay as number) > 50).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(limited.companies().filter((company) => company.name === 'Adatum')).toHaveLength(1);
  } finally {
    process.env[BASE_URL_VARIABLE] = sandbox.url;
    await limited.close();
  }
});
