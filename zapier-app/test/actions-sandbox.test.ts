/**
 * The app's creates and searches against the local Clarky over real HTTP, as Zapier runs them (appTester):
 * each operation's effect is read back from the sandbox, not from what the app says it did.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { READ_ONLY_KEY_MESSAGE } from '../src/authentication';
import { BASE_URL_VARIABLE } from '../src/base-url';
import { App, appTester, zapierErrorFields } from './fixtures';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

const step = (kind: 'creates' | 'searches', key: string): Perform => {
  const found = App[kind]?.[key];
  if (!found) throw new Error(`no ${kind} ${key}`);
  return found.operation.perform as Perform;
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

  it('Find Company by Domain answers the company with that domain', async () => {
    const alpine = sandbox.companies().find((company) => company.domain === 'alpineskihouse.example')!;
    const found = await run(findCompany, { domain: 'alpineskihouse.example' });
    expect(found).toEqual([expect.objectContaining({ id: alpine.id, name: 'Alpine Ski House' })]);
  });

  it.each([
    'https://www.alpineskihouse.example',
    'http://alpineskihouse.example/about?ref=zap',
    'www.alpineskihouse.example',
    'AlpineSkiHouse.example',
    ' alpineskihouse.example/ ',
    'reservations@alpineskihouse.example',
  ])('Find Company by Domain finds the company from %j: a URL, www. or a bare domain', async (domain) => {
    const found = await run<Row[]>(findCompany, { domain });
    expect(found.map((company) => company.name)).toEqual(['Alpine Ski House']);
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

  it('answers records with exactly the keys of its static sample, for every create, search and dropdown', async () => {
    const template = sandbox.sequenceTemplates.find((candidate) => candidate.bot_id !== null)!;
    const first = async (perform: Perform, inputData: Record<string, unknown>) =>
      ((await appTester(perform, { authData, inputData })) as Row[])[0]!;
    // Records as full as the samples (Clarky leaves empty fields out), so a missing key means a missing field.
    const live: Record<string, Record<string, unknown>> = {
      'creates.contact_create': await run(createContact, {
        bot_id: agentId,
        email: 'kenji.full@example.com',
        phone_number: '+442071838750',
        first_name: 'Kenji',
        last_name: 'Full',
        company: 'Contoso',
        job_title: 'CTO',
        lead_source: 'chat',
        tags: ['demo'],
      }),
      'creates.activity_create': await run(logActivity, {
        activity_type: 'note',
        contact_id: maria().id,
        title: 'Pricing',
        description: 'Asked for pricing',
      }),
      'creates.company_create': await run(createCompany, {
        bot_id: agentId,
        name: 'Litware',
        domain: 'litware.example',
      }),
      'creates.sequence_start': await run(startSequence, { template_id: template.id, email: emailOf(maria()) }),
      'searches.contact_getByEmail': await first(findContact, { email: emailOf(maria()) }),
      'searches.company_findByDomain': await first(findCompany, { domain: 'alpineskihouse.example' }),
      'triggers.contact': await first(App.triggers.contact!.operation.perform as Perform, {}),
      'triggers.company': await first(App.triggers.company!.operation.perform as Perform, {}),
    };
    for (const [path, record] of Object.entries(live)) {
      const [kind, key] = path.split('.') as ['creates' | 'searches' | 'triggers', string];
      const sample = (App[kind]?.[key]?.operation as { sample?: object }).sample ?? {};
      // Every sample key is in the live answer; the live answer may hold optional fields the sample left out.
      expect({ [path]: Object.keys(sample).filter((field) => !(field in record)) }).toEqual({ [path]: [] });
    }
    // Start Sequence's answer is built by the app: its keys are exactly the sample's.
    expect(Object.keys(live['creates.sequence_start']!).sort()).toEqual(
      Object.keys(App.creates!.sequence_start!.operation.sample!).sort(),
    );
  });
});

describe('the connection test', () => {
  it('accepts the write key and refuses the read-only key with the scope Zaps need, deleting nothing', async () => {
    const test = App.authentication!.test as Perform;
    await expect(appTester(test, { authData })).resolves.toEqual({ ok: true });
    const webhooks = sandbox.webhooks().length;
    const error = await appTester(test, { authData: { api_key: sandbox.keys.read } }).catch(
      (caught: unknown) => caught,
    );
    expect(zapierErrorFields(error)).toMatchObject({ status: 403, message: READ_ONLY_KEY_MESSAGE });
    expect(sandbox.webhooks()).toHaveLength(webhooks);
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

  it("Clarky's 422 reaches Zapier with its code and status, naming the field by its label and what to do, never an API path", async () => {
    const error = await run(createContact, { bot_id: 'b_NOT_IN_THIS_WORKSPACE', email: 'x@example.com' }).catch(
      (caught: unknown) => caught,
    );
    const fields = zapierErrorFields(error);
    expect(fields).toMatchObject({ code: 'validation_error', status: 422 });
    expect(fields.message).toBe(
      'Clarky refused the Agent: no agent has id "b_NOT_IN_THIS_WORKSPACE". Pick an agent in the Agent dropdown.',
    );
  });

  it('a contact that does not exist: Log Activity names Contact ID and says to pick one or find it first', async () => {
    const error = await run(logActivity, { activity_type: 'note', contact_id: 'c_GONE' }).catch(
      (caught: unknown) => caught,
    );
    const { message, status } = zapierErrorFields(error);
    expect(status).toBe(422);
    expect(message).toMatch(
      /^Clarky refused the Contact ID: .*"c_GONE"\. Pick one in the Contact ID dropdown, or add a search step/,
    );
    expect(message).not.toMatch(/\b(GET|POST|PATCH|DELETE) \//);
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
