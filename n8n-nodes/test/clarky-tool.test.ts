/**
 * The Clarky node as a tool of n8n's AI Agent, on n8n-core's real contexts: the description and the argument schema
 * n8n-core builds for the model (createNodeAsTool's getSchema, NodeHelpers.getToolDescriptionForNode) from the
 * parameters a workflow saved plus the node's defaults, and what the tool answers when the model calls it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ACTIONS, SAMPLE_AGENTS, primaryOf } from '@clarky/core';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { clarkyNode, savedOperation } from './n8n-runtime';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: { reads: 1_000, writes: 1_000 } });
});
afterAll(() => sandbox.close());

const maria = () => sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!;

/** The Clarky Tool set up for core's action `key`, as the editor saves it when the user only picks the operation. */
function tool(key: string, parameters: INodeParameters = {}, typeVersion = 1.1) {
  return clarkyNode({
    credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url },
    parameters: { ...savedOperation(key), ...parameters },
    tool: true,
    typeVersion,
  });
}

/** What the model reads: the tool's description and, per argument, its description and whether it may leave it out. */
function asModelSees(key: string, parameters?: INodeParameters, typeVersion?: number) {
  const { description, schema } = tool(key, parameters, typeVersion).asModelSees();
  const args = Object.fromEntries(
    Object.entries(schema.shape).map(([name, argument]) => [
      name,
      { description: argument.description, optional: argument.isOptional() },
    ]),
  );
  return { description, args };
}

/** The model calls the tool: its arguments, completed by the schema's defaults as LangChain does, are the input. */
async function call(key: string, args: Record<string, unknown>) {
  const node = tool(key);
  const input = node.asModelSees().schema.parse(args) as IDataObject;
  return (await node.execute([{ json: input }])).map((item) => item.json);
}

it('Find Contact by Email: the model is told what it does and gives the email, described', () => {
  expect(asModelSees('contact.getByEmail')).toEqual({
    description: 'Finds the contact with an email address; nothing when Clarky has none.',
    args: { email: { description: 'The email address to look for.', optional: false } },
  });
});

it('Log Activity: Type lists Clarky’s values; every other field is optional, as in Clarky’s API', () => {
  const { description, args } = asModelSees('activity.create');
  expect(description).toBe('Adds a note, call, meeting or task to a contact’s or a company’s timeline.');
  expect(args).toEqual({
    activity_type: {
      description: expect.stringMatching(/^What kind of activity it is\. One of: note, call, meeting, .*task/),
      optional: false,
    },
    contact_id: { description: expect.stringContaining('The contact whose timeline'), optional: true },
    company_id: { description: expect.stringContaining('The company whose timeline'), optional: true },
    title: { description: 'A short title shown on the timeline.', optional: true },
    description: { description: 'The details.', optional: true },
    due_date: { description: expect.stringContaining('ISO 8601'), optional: true },
    duration_minutes: { description: 'For calls and meetings. A number.', optional: true },
  });
});

it('every operation: each field but Auto-Approve is the model’s, described, optional exactly where Clarky’s is', () => {
  for (const operation of ACTIONS) {
    const { description, args } = asModelSees(operation.key);
    expect(description).toBe(`${operation.description}.`);
    const fields = operation.fields.filter((field) => field.key !== 'auto_approve');
    expect(Object.keys(args).sort()).toEqual(fields.map((field) => field.key).sort());
    for (const field of fields) {
      expect({ key: field.key, ...args[field.key] }).toEqual({
        key: field.key,
        description: expect.stringContaining(field.help),
        optional: !field.required,
      });
    }
  }
});

it('dropdowns are the model’s too: Create Contact’s Agent, Get Many Contacts’ Pipeline Stage', () => {
  expect(asModelSees('contact.create').args.bot_id).toEqual({
    description: expect.stringContaining('An agent ID (bot_id)'),
    optional: false,
  });
  expect(asModelSees('contact.getMany').args.pipeline_stage_id).toEqual({
    description: expect.stringContaining('A pipeline stage ID'),
    optional: true,
  });
});

it('version 1 stays as saved: a tool saved with Type left at Note logs notes, and the model fills only what the editor set', () => {
  const saved = { additionalFields: { title: "={{ $fromAI('Title', ``, 'string') }}" } };
  expect(asModelSees('activity.create', saved, 1).args).toEqual({ Title: { description: undefined, optional: false } });
  expect(tool('activity.create', saved, 1).node.parameters.activityType).toBe('note');
});

it('version 1.1 as a plain node has the same fields and defaults as version 1', () => {
  for (const operation of ACTIONS) {
    const plain = (typeVersion: number) =>
      clarkyNode({
        credentials: { apiKey: 'unused' },
        parameters: savedOperation(operation.key),
        typeVersion,
      }).node.parameters;
    expect(plain(1.1)).toEqual(plain(1));
  }
});

it('the model logs a call on the contact it found; what it leaves out is not sent', async () => {
  const [found] = await call('contact.getByEmail', { email: primaryOf(maria().emails)!.email });
  expect(found).toEqual(maria());
  const args = { activity_type: 'call', contact_id: found!.id, title: 'Called', duration_minutes: '30' };
  const [logged] = await call('activity.create', args);
  expect(sandbox.activities().at(-1)).toEqual(logged);
  expect(logged).toMatchObject({
    activity_type: 'call',
    contact_id: maria().id,
    title: 'Called',
    duration_minutes: 30,
  });
  for (const left of ['company_id', 'description', 'due_date']) {
    expect([left, logged![left] ?? null]).toEqual([left, null]);
  }
});

it('the model creates a contact for an agent it chose', async () => {
  const agent = SAMPLE_AGENTS[1]!.id;
  const [created] = await call('contact.create', { bot_id: agent, email: 'lin@example.com', tags: 'vip, beta' });
  expect(created).toMatchObject({ bot_id: agent, emails: [{ email: 'lin@example.com' }], tags: ['vip', 'beta'] });
  expect(sandbox.contacts()).toContainEqual(created);
});

it('nothing found is an answer the model can read, not an empty one', async () => {
  expect(await call('contact.getByEmail', { email: 'nobody@example.com' })).toEqual([
    { found: false, message: 'Clarky has no contact that matches.' },
  ]);
});

it('a failure is the model’s to read, with Clarky’s advice, instead of stopping the agent', async () => {
  const before = sandbox.activities().length;
  const answer = await call('activity.create', { activity_type: 'note', contact_id: 'ct_unknown' });
  expect(answer).toEqual([{ error: expect.stringContaining('no contact has id "ct_unknown"; use an id from') }]);
  expect(sandbox.activities()).toHaveLength(before);
  expect(await call('activity.create', { activity_type: 'note' })).toEqual([
    { error: 'Check the values: give a Contact ID or a Company ID (or both).' },
  ]);
});
