/** The documented contact, company, activity, pipeline and sequence endpoints, in memory and seeded. */
import {
  ContactSchema,
  CompanySchema,
  ROUTES,
  SAMPLE_AGENTS,
  SAMPLE_COMPANY,
  listEnvelope,
  samplePayload,
} from '@clarky/core';
import type { Sandbox } from '../src';
import { EVENT, call, testSandbox } from './helpers';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await testSandbox({ rateLimits: { reads: 1_000, writes: 1_000 } });
});
afterEach(() => sandbox.close());

const [ava, sam] = SAMPLE_AGENTS.map((agent) => agent.id) as [string, string];
const get = (path: string) => call(sandbox, 'GET', path);
const post = (path: string, body: unknown, key?: string) => call(sandbox, 'POST', path, { body, key });
const ids = (answer: { body: { data: { id: string }[] } }) => answer.body.data.map((record) => record.id);
/** The fields a 422 names. */
const fieldsOf = (answer: { body: { error: { details: { field: string }[] } } }) =>
  answer.body.error.details.map((problem) => problem.field);

describe('seed', () => {
  it("holds contacts with emails and phones in Clarky's shape, the first one the person in core's samples", async () => {
    const list = listEnvelope(ContactSchema).parse((await get(ROUTES.contacts)).body);
    expect(list.data).toHaveLength(5);
    const sample = samplePayload(EVENT);
    expect(list.data[0]).toMatchObject({
      first_name: sample.firstName,
      emails: [{ email: sample.email, is_primary: true }],
      phone_numbers: [{ phone_number: sample.phoneNumber, is_primary: true }],
    });
    expect(list.data.filter((contact) => contact.emails.length > 0 && contact.phone_numbers.length > 0).length).toBe(3);
    expect(sandbox.contacts()).toEqual((await get(ROUTES.contacts)).body.data);
  });

  it('links contacts to companies (living where they are) and stages, and sums their deal values on the company', async () => {
    const contacts = sandbox.contacts();
    const linked = contacts.filter((contact) => contact.company_id);
    expect(linked.length).toBeGreaterThan(0);
    for (const contact of linked) {
      const company = CompanySchema.parse((await get(ROUTES.company(contact.company_id!))).body.data);
      expect(company.name).toBe(contact.company);
      expect([contact.city, contact.country]).toEqual([company.city, company.country]);
      expect(company.total_deal_value).toBe(contact.deal_value);
    }
  });
});

describe('contacts', () => {
  it('applies the documented filters: search, tags, lead_source, bot_id and dates', async () => {
    const all = sandbox.contacts();
    expect(ids(await get(`${ROUTES.contacts}?search=WATANABE`))).toEqual([all[1]!.id]);
    expect(ids(await get(`${ROUTES.contacts}?search=${encodeURIComponent('+2348031')}`))).toEqual([all[2]!.id]);
    expect(ids(await get(`${ROUTES.contacts}?search=fabrikam.example`))).toEqual([all[3]!.id]);
    const tagged = all.filter((contact) => contact.tags.includes('enterprise') || contact.tags.includes('demo'));
    expect(ids(await get(`${ROUTES.contacts}?tags=enterprise,demo`))).toEqual(tagged.map((contact) => contact.id));
    const web = all.filter((contact) => contact.lead_source === 'website').map((contact) => contact.id);
    expect(ids(await get(`${ROUTES.contacts}?lead_source=website`))).toEqual(web);
    const ofSam = all.filter((contact) => contact.bot_id === sam).map((contact) => contact.id);
    expect(ids(await get(`${ROUTES.contacts}?bot_id=${sam}`))).toEqual(ofSam);
    const bound = all[2]!.created_at!;
    const after = all.filter((contact) => contact.created_at! > bound).map((contact) => contact.id);
    expect(after.length).toBeGreaterThan(0);
    expect(ids(await get(`${ROUTES.contacts}?created_after=${bound}`))).toEqual(after);
    expect(ids(await get(`${ROUTES.contacts}?created_before=${bound}&page_size=1`))).toEqual([all[0]!.id]);
  });

  it('refuses an unsupported parameter with 400 and a date that is not one with 422', async () => {
    const unsupported = await get(`${ROUTES.contacts}?colour=red`);
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.message).toContain('"colour"');
    const badDate = await get(`${ROUTES.contacts}?updated_after=yesterday`);
    expect(badDate.status).toBe(422);
    expect(fieldsOf(badDate)).toEqual(['updated_after']);
  });

  it('finds a contact by any of its emails, ignoring case, and answers 404 when none has it', async () => {
    const kenji = sandbox.contacts()[1]!;
    const found = await get(`${ROUTES.contactByEmail}?email=${encodeURIComponent('KENJI.W@example.com')}`);
    expect(found.body).toEqual({ data: kenji });
    const missing = await get(`${ROUTES.contactByEmail}?email=nobody%40example.com`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const without = await get(ROUTES.contactByEmail);
    expect(without.status).toBe(422);
    expect(fieldsOf(without)).toEqual(['email']);
  });

  it('creates a contact (201) from either shape of emails, as the reference shape', async () => {
    const created = await post(ROUTES.contacts, {
      bot_id: ava,
      first_name: 'Ada',
      emails: ['ada@example.com'],
      phone_numbers: [{ phone_number: '+14155550199', is_primary: true }],
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      bot_id: ava,
      first_name: 'Ada',
      last_name: null,
      emails: [{ email: 'ada@example.com', is_primary: true }],
      phone_numbers: [{ phone_number: '+14155550199', is_primary: true }],
    });
    expect((await get(ROUTES.contact(created.body.data.id))).body).toEqual(created.body);
  });

  it('refuses a contact without a bot_id of this workspace with 422 naming each field', async () => {
    const missing = await post(ROUTES.contacts, { first_name: 'Ada', emails: ['not-an-email'] });
    expect(missing.status).toBe(422);
    expect(fieldsOf(missing)).toEqual(['emails[0]', 'bot_id']);
    const unknown = await post(ROUTES.contacts, { bot_id: 'b_someone_elses' });
    expect(fieldsOf(unknown)).toEqual(['bot_id']);
    expect(sandbox.contacts()).toHaveLength(5);
  });

  it('needs the write scope to create and answers 404 for an unknown id', async () => {
    const readOnly = await post(ROUTES.contacts, { bot_id: ava }, sandbox.keys.read);
    expect(readOnly.status).toBe(403);
    expect((await get(ROUTES.contact('nope'))).status).toBe(404);
  });
});

describe('activities', () => {
  it("lists a contact's timeline newest first, filtered by type", async () => {
    const maria = sandbox.contacts()[0]!;
    const timeline = (await get(ROUTES.contactActivities(maria.id))).body.data;
    expect(timeline.map((activity: { activity_type: string }) => activity.activity_type)).toEqual([
      'meeting',
      'call',
      'note',
    ]);
    const calls = await get(`${ROUTES.contactActivities(maria.id)}?activity_type=call`);
    expect(calls.body.data).toEqual([timeline[1]]);
    expect((await get(`${ROUTES.contactActivities(maria.id)}?activity_type=lunch`)).status).toBe(422);
    expect((await get(ROUTES.contactActivities('nope'))).status).toBe(404);
  });

  it('logs an activity on a contact (201), first on its timeline', async () => {
    const maria = sandbox.contacts()[0]!;
    const logged = await post(ROUTES.activities, { activity_type: 'note', contact_id: maria.id, title: 'No-show' });
    expect(logged.status).toBe(201);
    expect(logged.body.data).toMatchObject({ contact_id: maria.id, company_id: null, title: 'No-show', metadata: {} });
    expect((await get(ROUTES.contactActivities(maria.id))).body.data[0]).toEqual(logged.body.data);
    expect(sandbox.activities().at(-1)).toEqual(logged.body.data);
  });

  it('logs on a company, and refuses neither or an unknown one with 422', async () => {
    const company = sandbox.companies()[0]!;
    expect((await post(ROUTES.activities, { activity_type: 'call', company_id: company.id })).status).toBe(201);
    const neither = await post(ROUTES.activities, { activity_type: 'note' });
    expect(fieldsOf(neither)).toEqual(['contact_id']);
    const unknown = await post(ROUTES.activities, { activity_type: 'nap', contact_id: 'nope', company_id: 'nope' });
    expect(fieldsOf(unknown)).toEqual(['activity_type', 'contact_id', 'company_id']);
  });
});

describe('companies', () => {
  it('filters by search, industry and domain (exact), tags and bot_id', async () => {
    const [alpine, contoso, fabrikam] = sandbox.companies().map((company) => company.id) as [string, string, string];
    expect(ids(await get(`${ROUTES.companies}?search=health`))).toEqual([contoso]);
    expect(ids(await get(`${ROUTES.companies}?industry=Design`))).toEqual([fabrikam]);
    expect(ids(await get(`${ROUTES.companies}?industry=design`))).toEqual([]);
    expect(ids(await get(`${ROUTES.companies}?domain=${SAMPLE_COMPANY.domain}`))).toEqual([alpine]);
    expect(ids(await get(`${ROUTES.companies}?tags=enterprise`))).toEqual([contoso]);
    expect(ids(await get(`${ROUTES.companies}?bot_id=${ava}`))).toEqual([fabrikam]);
  });

  it('creates a company with bot_id and name (201) and refuses one without them', async () => {
    const created = await post(ROUTES.companies, { bot_id: sam, name: 'Tailspin Toys', domain: 'tailspin.example' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Tailspin Toys', industry: null, emails: [], tags: [] });
    expect(created.body.data.id).toMatch(/^co_/);
    const refused = await post(ROUTES.companies, { domain: 'x.example' });
    expect(fieldsOf(refused).sort()).toEqual(['bot_id', 'name']);
  });
});

describe('pipelines', () => {
  it('lists pipelines (filter bot_id) and their stages in order, without pagination', async () => {
    const pipelines = (await get(ROUTES.pipelines)).body;
    expect(pipelines.pagination.total).toBe(2);
    const sales = pipelines.data.find((pipeline: { is_default: boolean }) => pipeline.is_default);
    expect(ids(await get(`${ROUTES.pipelines}?bot_id=${sam}`))).toEqual([sales.id]);
    const stages = await get(ROUTES.pipelineStages(sales.id));
    expect(stages.body.pagination).toBeUndefined();
    expect(stages.body.data.map((stage: { order_index: number }) => stage.order_index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stages.body.data.every((stage: { pipeline_id: string }) => stage.pipeline_id === sales.id)).toBe(true);
    expect((await get(ROUTES.pipelineStages('p_nope'))).status).toBe(404);
  });
});

describe('sequences', () => {
  const [withAgent, withoutAgent] = [0, 1];

  it('starts a sequence (202) for an existing contact matched by primary email, pending approval by default', async () => {
    const template = sandbox.sequenceTemplates[withAgent]!;
    const maria = sandbox.contacts()[0]!;
    const email = maria.emails[0]!.email.toUpperCase();
    const started = await post(ROUTES.sequenceStart, { template_id: template.id, contact: { emails: [email] } });
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ status: 'pending_approval', contact_id: maria.id });
    expect(sandbox.startedSequences()).toEqual([
      expect.objectContaining({
        template_id: template.id,
        bot_id: template.bot_id,
        contact_id: maria.id,
        contact_created: false,
        auto_approve: false,
        status: 'pending_approval',
      }),
    ]);
    expect(sandbox.contacts()).toHaveLength(5);
  });

  it('matches by phone when no email matches, and creates the contact when nothing does', async () => {
    const template = sandbox.sequenceTemplates[withAgent]!;
    const priya = sandbox.contacts()[4]!;
    const byPhone = { template_id: template.id, contact: { phone_numbers: [priya.phone_numbers[0]!.phone_number] } };
    expect((await post(ROUTES.sequenceStart, byPhone)).body.data.contact_id).toBe(priya.id);

    const fresh = {
      template_id: template.id,
      auto_approve: true,
      contact: {
        first_name: 'María',
        emails: ['maria@example.com'],
        phone_numbers: ['+34911234567'],
        notes: 'Met at expo',
      },
    };
    const started = await post(ROUTES.sequenceStart, fresh);
    expect(started.body.data.status).toBe('pending');
    const created = sandbox.contacts().at(-1)!;
    expect(created).toMatchObject({ id: started.body.data.contact_id, bot_id: template.bot_id, notes: 'Met at expo' });
    expect(sandbox.startedSequences().map((start) => start.contact_created)).toEqual([false, true]);
  });

  it('needs a bot_id when the template has no agent, and a contact with an email or phone', async () => {
    const template = sandbox.sequenceTemplates[withoutAgent]!;
    const noAgent = await post(ROUTES.sequenceStart, {
      template_id: template.id,
      contact: { emails: ['a@example.com'] },
    });
    expect(fieldsOf(noAgent)).toEqual(['bot_id']);
    const noReach = await post(ROUTES.sequenceStart, { template_id: template.id, bot_id: sam, contact: {} });
    expect(fieldsOf(noReach)).toEqual(['contact.emails']);
    const unknown = await post(ROUTES.sequenceStart, {
      template_id: 'st_nope',
      contact: { emails: ['a@example.com'] },
    });
    expect(fieldsOf(unknown)).toEqual(['template_id']);
    expect(sandbox.startedSequences()).toEqual([]);

    const started = await post(ROUTES.sequenceStart, {
      template_id: template.id,
      bot_id: sam,
      contact: { emails: ['a@example.com'] },
    });
    expect(started.status).toBe(202);
    expect(sandbox.startedSequences()[0]!.bot_id).toBe(sam);
  });
});
