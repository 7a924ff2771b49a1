/**
 * The Clarky node run on n8n-core's real ExecuteContext against the sandbox over real HTTP: each operation of core's
 * ACTIONS as a user sets it up in the editor, per-item expressions, "Continue on fail", Clarky's and core's errors,
 * and the editor's dropdowns (LoadOptionsContext).
 */
import { NodeOperationError, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';
import { SAMPLE_AGENTS, createClarkyClient, primaryOf, type Contact } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { Clarky } from '../nodes/Clarky/Clarky.node';
import { clarkyNode, savedOperation, type ClarkyNodeSetup } from './n8n-runtime';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: { reads: 1_000, writes: 1_000 } });
});
afterAll(() => sandbox.close());

const ava = SAMPLE_AGENTS[0]!.id;
const maria = () => sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!;
const primaryEmail = (contact: Contact) => primaryOf(contact.emails)!.email;

function node(parameters: INodeParameters, setup: Partial<ClarkyNodeSetup> = {}) {
  return clarkyNode({ credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url }, parameters, ...setup });
}
/** The node set up for core's action `key` (`resource.verb`, e.g. `contact.create`), as the editor saves it. */
const setUp = (key: string, parameters: INodeParameters = {}): INodeParameters => ({
  ...savedOperation(key),
  ...parameters,
});
const run = (key: string, parameters?: INodeParameters, items?: INodeExecutionData[]) =>
  node(setUp(key, parameters)).execute(items);
const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Contact', () => {
  it('Create Contact sends the required agent, the added fields, and tags split at commas', async () => {
    const [created] = await run('contact.create', {
      botId: ava,
      additionalFields: { email: 'ada@example.com', firstName: 'Ada', tags: 'vip, beta' },
    });
    expect(created!.json).toMatchObject({
      first_name: 'Ada',
      bot_id: ava,
      emails: [{ email: 'ada@example.com', is_primary: true }],
      tags: ['vip', 'beta'],
    });
    expect(sandbox.contacts()).toContainEqual(created!.json);
  });

  it('Get Contact returns the contact as Clarky has it', async () => {
    const items = await run('contact.get', { contactId: maria().id });
    expect(jsonOf(items)).toEqual([maria()]);
  });

  it('Find Contact by Email gives one item per input item that matches, and none for one that does not', async () => {
    const items = await run('contact.getByEmail', { email: '={{ $json.email }}' }, [
      { json: { email: primaryEmail(maria()) } },
      { json: { email: 'nobody@example.com' } },
    ]);
    expect(items).toEqual([{ json: maria(), pairedItem: { item: 0 } }]);
  });

  it('Get Many Contacts: Limit caps the items, Return All reads every page, Filters narrow it', async () => {
    expect(await run('contact.getMany', { limit: 2 })).toHaveLength(2);
    const all = await run('contact.getMany', { returnAll: true });
    expect(jsonOf(all)).toEqual(expect.arrayContaining(sandbox.contacts()));
    expect(all).toHaveLength(sandbox.contacts().length);
    const found = await run('contact.getMany', {
      returnAll: true,
      filters: { search: primaryEmail(maria()) },
    });
    expect(jsonOf(found)).toEqual([maria()]);
  });
});

describe('Activity', () => {
  it('Log Activity puts a note on the contact’s timeline; Get Many Activities reads it back, newest first', async () => {
    const [logged] = await run('activity.create', {
      activityType: 'note',
      additionalFields: { contactId: maria().id, title: 'No-show' },
    });
    expect(logged!.json).toMatchObject({ activity_type: 'note', contact_id: maria().id, title: 'No-show' });
    expect(sandbox.activities()).toContainEqual(logged!.json);

    const timeline = await run('activity.getMany', {
      contactId: maria().id,
      limit: 1,
      filters: { activityType: 'note' },
    });
    expect(jsonOf(timeline)).toEqual([logged!.json]);
  });
});

describe('Company', () => {
  it('Create Company, then Get Company and Get Many Companies filtered by domain find it', async () => {
    const [created] = await run('company.create', {
      botId: ava,
      name: 'Initech',
      additionalFields: { domain: 'initech.example' },
    });
    expect(created!.json).toMatchObject({ name: 'Initech', domain: 'initech.example', bot_id: ava });
    const id = created!.json.id as string;
    expect(jsonOf(await run('company.get', { companyId: id }))).toEqual([created!.json]);
    const listed = await run('company.getMany', {
      returnAll: true,
      filters: { domain: 'initech.example' },
    });
    expect(jsonOf(listed)).toEqual([created!.json]);
  });
});

describe('Sequence and Agent', () => {
  it('Start Sequence starts it for the person, pending approval unless Auto-Approve is on', async () => {
    const template = sandbox.sequenceTemplates.find((candidate) => candidate.bot_id !== null)!;
    const before = sandbox.startedSequences().length;
    const [started] = await run('sequence.start', {
      templateId: template.id,
      additionalFields: { email: 'lin@example.com', firstName: 'Lin' },
    });
    expect(started!.json).toMatchObject({ status: 'pending_approval' });
    expect(sandbox.startedSequences().slice(before)).toEqual([
      expect.objectContaining({ template_id: template.id, auto_approve: false }),
    ]);
  });

  it('Get Many Agents lists the workspace’s agents, one item each', async () => {
    const items = await run('agent.getMany', { returnAll: true });
    expect(items.map((item) => item.json.id)).toEqual(SAMPLE_AGENTS.map((agent) => agent.id));
  });
});

describe('errors', () => {
  const getContact = setUp('contact.get', { contactId: '={{ $json.id }}' });

  it('stops on an item Clarky refuses, naming the item and what Clarky answered', async () => {
    const failed = node(getContact).execute([{ json: { id: maria().id } }, { json: { id: 'c_missing' } }]);
    await expect(failed).rejects.toThrow(NodeOperationError);
    await expect(failed).rejects.toMatchObject({
      message: expect.stringContaining('c_missing'),
      description: 'Clarky: HTTP 404 (not_found).',
      context: expect.objectContaining({ itemIndex: 1 }),
    });
  });

  it('with "Continue on fail", a failed item becomes { error } and the other items still run', async () => {
    const items = await node(getContact, { continueOnFail: true }).execute([
      { json: { id: 'c_missing' } },
      { json: { id: maria().id } },
    ]);
    expect(items).toEqual([
      { json: { error: expect.stringContaining('c_missing') }, pairedItem: { item: 0 } },
      { json: maria(), pairedItem: { item: 1 } },
    ]);
  });

  it('refuses a value Clarky would refuse before sending anything, naming the field by its label', async () => {
    const before = sandbox.contacts().length;
    const failed = run('contact.create', { botId: '', additionalFields: { firstName: 'Ada' } });
    await expect(failed).rejects.toThrow(NodeOperationError);
    await expect(failed).rejects.toThrow('Check the values: Agent is required.');
    expect(sandbox.contacts()).toHaveLength(before);
  });

  it('says what to do about a rejected API key, and never shows the key', async () => {
    const badKey = 'ck_live_notarealkeynotarealkeynotareal';
    const failed = clarkyNode({
      credentials: { apiKey: badKey, baseUrl: sandbox.url },
      parameters: { resource: 'agent', operation: 'getMany' },
    }).execute();
    await expect(failed).rejects.toMatchObject({ description: 'Clarky: HTTP 401 (unauthorized).' });
    const error = (await failed.catch((caught: unknown) => caught)) as NodeOperationError;
    expect(error.message).toMatch(/API key/i);
    expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(badKey);
  });
});

describe('the editor’s dropdowns', () => {
  const methods = new Clarky().methods.loadOptions;
  const editor = () => node(setUp('contact.create'));

  it('Agent lists the workspace’s agents by name, with their ids as values', async () => {
    const options = await methods.getAgents.call(editor().loadOptionsContext('botId'));
    expect(options.map((option) => option.value).sort()).toEqual(SAMPLE_AGENTS.map((agent) => agent.id).sort());
    expect(options.map((option) => option.name)).toEqual(options.map((option) => option.name).toSorted());
  });

  it('Pipeline Stage lists every stage as "Pipeline: Stage", in each pipeline’s order', async () => {
    const client = createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.read, transport: fetchTransport() });
    const expected = [];
    for (const pipeline of await client.listPipelines()) {
      for (const stage of await client.listPipelineStages(pipeline.id)) {
        expected.push({ name: `${pipeline.name}: ${stage.name}`, value: stage.id });
      }
    }
    expect(expected.length).toBeGreaterThan(2);
    const options = await methods.getPipelineStages.call(editor().loadOptionsContext('filters.pipelineStageId'));
    expect(options).toEqual(expected);
  });
});
