/** Core's client operations for Clarky's documented endpoints, against the sandbox over real HTTP. */
import { ClarkyApiError, createClarkyClient, SAMPLE_AGENTS, SAMPLE_COMPANY, type RetryOptions } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import type { Sandbox, SandboxOptions } from '../src';
import { testSandbox } from './helpers';

let sandbox: Sandbox;
afterEach(() => sandbox?.close());

async function start(options: SandboxOptions = { rateLimits: { reads: 1_000, writes: 1_000 } }) {
  sandbox = await testSandbox(options);
}

const client = (retry: RetryOptions = { attempts: 1 }, apiKey = sandbox.keys.write) =>
  createClarkyClient({ baseUrl: sandbox.url, apiKey, transport: fetchTransport(), retry });

const [ava, sam] = SAMPLE_AGENTS.map((agent) => agent.id) as [string, string];

describe('contacts', () => {
  beforeEach(() => start());

  it('lists with filters (tags as a list), gets one, and finds one by email or answers null', async () => {
    const clarky = client();
    const all = await clarky.listContacts();
    expect(all).toEqual(sandbox.contacts());
    const tagged = await clarky.listContacts({ tags: ['enterprise', 'demo'], lead_source: 'referral' });
    expect(tagged.map((contact) => contact.last_name)).toEqual(['Watanabe']);
    expect(await clarky.listContacts({}, { limit: 2 })).toEqual(all.slice(0, 2));

    expect(await clarky.getContact(all[0]!.id)).toEqual(all[0]);
    expect(await clarky.findContactByEmail(all[1]!.emails[1]!.email)).toEqual(all[1]);
    expect(await clarky.findContactByEmail('nobody@example.com')).toBeNull();
    // Only a 404 means "no contact": a wrong key is still an error.
    await expect(client({}, 'ck_live_wrong').findContactByEmail('nobody@example.com')).rejects.toMatchObject({
      status: 401,
    });
  });

  it('creates a contact and reports a bad bot_id as a validation_error naming it', async () => {
    const clarky = client();
    const created = await clarky.createContact({ bot_id: ava, first_name: 'Ada', emails: ['ada@example.com'] });
    expect(created.emails).toEqual([{ email: 'ada@example.com', is_primary: true }]);
    expect(await clarky.findContactByEmail('ada@example.com')).toEqual(created);

    const refused = await clarky.createContact({ bot_id: 'b_nope' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ClarkyApiError);
    expect(refused).toMatchObject({ status: 422, code: 'validation_error' });
    expect((refused as Error).message).toContain('bot_id');
  });

  it('names the contact when getting one that does not exist, and refuses writes with the read key', async () => {
    await expect(client().getContact('nope')).rejects.toMatchObject({
      status: 404,
      message: 'Clarky has no contact nope; it may have been deleted.',
    });
    await expect(client({ attempts: 1 }, sandbox.keys.read).createContact({ bot_id: ava })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('activities, companies, pipelines, sequences', () => {
  beforeEach(() => start());

  it("logs an activity on a contact and reads it first on the contact's timeline", async () => {
    const clarky = client();
    const maria = sandbox.contacts()[0]!;
    const logged = await clarky.logActivity({ activity_type: 'note', contact_id: maria.id, title: 'No-show' });
    expect(await clarky.listContactActivities(maria.id, {}, { limit: 1 })).toEqual([logged]);
    expect(await clarky.listContactActivities(maria.id, { activity_type: 'call' })).toHaveLength(1);
    await expect(clarky.listContactActivities('nope')).rejects.toMatchObject({
      status: 404,
      message: 'Clarky has no contact nope; it may have been deleted.',
    });
  });

  it('lists companies with filters, gets and creates one', async () => {
    const clarky = client();
    const [alpine] = await clarky.listCompanies({ domain: SAMPLE_COMPANY.domain });
    expect(await clarky.getCompany(alpine!.id)).toEqual(alpine);
    const created = await clarky.createCompany({ bot_id: sam, name: 'Tailspin Toys', tags: ['prospect'] });
    expect(await clarky.listCompanies({ search: 'tailspin' })).toEqual([created]);
    await expect(clarky.getCompany('co_nope')).rejects.toMatchObject({ status: 404 });
  });

  it('lists pipelines of an agent and the stages of one, in order', async () => {
    const clarky = client();
    const [sales] = await clarky.listPipelines({ bot_id: sam });
    const stages = await clarky.listPipelineStages(sales!.id);
    expect(stages.map((stage) => stage.order_index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stages[0]!.name).toBe('New lead');
  });

  it('starts a sequence: a pending result, and the start recorded in the sandbox', async () => {
    const clarky = client();
    const template = sandbox.sequenceTemplates[0]!;
    const contact = { first_name: 'María', emails: ['maria@example.com'], phone_numbers: ['+34911234567'] };
    const started = await clarky.startSequence({ template_id: template.id, contact });
    expect(started).toMatchObject({ status: 'pending_approval', data: { template_id: template.id } });
    const approved = await clarky.startSequence({ template_id: template.id, contact, auto_approve: true });
    expect(approved.status).toBe('pending');
    const [first, second] = sandbox.startedSequences();
    expect(first).toMatchObject({ contact_created: true, status: 'pending_approval' });
    expect(second).toMatchObject({ contact_id: first!.contact_id, contact_created: false, status: 'pending' });
  });
});

describe('paging', () => {
  const created = 150;

  /** A sandbox whose contacts need two pages of 100, made through the API. */
  async function manyContacts(rateLimits: SandboxOptions['rateLimits']) {
    await start({ rateLimits: { reads: 1_000, writes: 1_000, ...rateLimits } });
    const clarky = client();
    // At once, not one after another: 150 round trips in a row took seconds on a loaded machine.
    await Promise.all(
      Array.from({ length: created }, (_, index) =>
        clarky.createContact({ bot_id: ava, emails: [`person${index}@example.com`] }),
      ),
    );
  }

  it('reads every page at page_size 100, stops at a limit, or reads one page', async () => {
    await manyContacts({});
    const clarky = client();
    const all = await clarky.listContacts();
    expect(all).toHaveLength(created + 5);
    expect(all).toEqual(sandbox.contacts());
    const limited = await clarky.listContacts({}, { limit: 120 });
    expect(limited).toEqual(all.slice(0, 120));
    expect(await clarky.listContacts({}, { page: 2 })).toEqual(all.slice(100));
    expect(await clarky.listContacts({}, { page: 3 })).toEqual([]);
    await expect(clarky.listContacts({}, { limit: 0 })).rejects.toThrow(RangeError);
  });

  it("waits out the sandbox's 429 between pages, as every call does", async () => {
    await manyContacts({ reads: 1, windowMs: 1_000 });
    const all = await client({ attempts: 3, maxTotalMs: 10_000 }).listContacts();
    expect(all).toHaveLength(created + 5);
  }, 20_000);
});
