/**
 * checkExists / create / delete against the sandbox (a real Clarky API on 127.0.0.1), with the
 * node's n8n context faked: what gets registered, what is remembered, what is left alone.
 */
import { createClarkyClient, type ClarkyClient, type EventKey } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { fakeHookContext, TEST_WEBHOOK_URL, WEBHOOK_URL, type FakeHook } from './fake-n8n';

const trigger = new ClarkyTrigger();
const { checkExists, create, delete: remove } = trigger.webhookMethods.default;

let sandbox: Sandbox;
let admin: ClarkyClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  admin = createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.write, transport: fetchTransport() });
});

afterAll(async () => {
  await sandbox.close();
});

afterEach(async () => {
  for (const webhook of sandbox.webhooks()) await admin.deleteWebhook(webhook.id);
});

const EVENTS: EventKey[] = ['booking.confirmed', 'conversation.started'];

function hook(parameters: Record<string, unknown> = {}, staticData?: IDataObject, webhookUrl?: string): FakeHook {
  return fakeHookContext({
    credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url },
    parameters: { events: EVENTS, agents: [], options: {}, ...parameters },
    staticData,
    webhookUrl,
  });
}

const run = (method: (this: IHookFunctions) => Promise<boolean>, fake: FakeHook) => method.call(fake.context);

describe('create', () => {
  it('registers the webhook as configured, with a fresh 32-byte token, and remembers id and token', async () => {
    const agent = sandbox.agents[1]!;
    const template = '{ "who": "{{firstName}}", "score": {{sentimentScore}} }';
    const fake = hook({ agents: [agent.id], options: { httpMethod: 'PUT', payloadTemplate: template } });

    await expect(run(create, fake)).resolves.toBe(true);

    const [webhook, ...others] = sandbox.webhooks();
    expect(others).toEqual([]);
    expect(webhook).toMatchObject({
      id: fake.staticData.webhookId,
      name: 'n8n: Route leads',
      url: WEBHOOK_URL,
      method: 'PUT',
      events: EVENTS,
      bot_ids: [agent.id],
      payload_template: template,
      enabled: true,
      has_bearer_token: true,
    });
    const token = fake.staticData.bearerToken as string;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const sent = fake.requests.find((request) => request.method === 'POST');
    expect((sent?.body as { bearer_token: string }).bearer_token).toBe(token);
  });

  it('uses the webhook name from the options', async () => {
    const fake = hook({ options: { webhookName: 'Leads to CRM' } });
    await run(create, fake);
    expect(sandbox.webhooks()[0]!.name).toBe('Leads to CRM');
  });

  it('gives every registration its own token', async () => {
    const first = hook();
    const second = hook();
    await run(create, first);
    await run(create, second);
    expect(first.staticData.bearerToken).not.toBe(second.staticData.bearerToken);
  });

  it('deletes the stale webhook it replaces, and only that one', async () => {
    const bystander = await admin.createWebhook({ name: 'someone else', url: WEBHOOK_URL, events: EVENTS });
    const fake = hook();
    await run(create, fake);
    const staleId = fake.staticData.webhookId;

    await run(create, fake);

    const ids = sandbox.webhooks().map((webhook) => webhook.id);
    expect(ids).not.toContain(staleId);
    expect(ids).toEqual(expect.arrayContaining([bystander.id, fake.staticData.webhookId]));
    expect(ids).toHaveLength(2);
  });

  it('refuses a bad template with its line, column and suggestion, before any request', async () => {
    const fake = hook({ options: { payloadTemplate: '{\n  "name": "{{firstname}}"\n}' } });

    const error = await run(create, fake).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'NodeOperationError' });
    expect((error as Error).message).toMatch(/line 2, column \d+/);
    expect((error as Error).message).toContain('firstName');
    expect(fake.requests).toEqual([]);
    expect(sandbox.webhooks()).toEqual([]);
  });
  it.each([
    ['an array', '[{{firstName}}]'],
    ['a string', '"{{firstName}}"'],
    ['a bare value', '{{ sentimentScore }}'],
  ])(
    'refuses a template that is valid JSON but %s, before any request: n8n needs an object per item',
    async (_kind, payloadTemplate) => {
      const fake = hook({ options: { payloadTemplate } });

      const error = await run(create, fake).catch((caught: unknown) => caught);

      expect(error).toMatchObject({ name: 'NodeOperationError' });
      expect((error as Error).message).toContain('must be a JSON object');
      expect(fake.requests).toEqual([]);
      expect(sandbox.webhooks()).toEqual([]);
    },
  );
});

describe('checkExists', () => {
  async function registered(parameters: Record<string, unknown> = {}) {
    const fake = hook(parameters);
    await run(create, fake);
    fake.requests.length = 0;
    return fake;
  }

  /** checkExists may read, nothing else: the sandbox's webhooks stay as they were. */
  async function checkWithoutSideEffects(fake: FakeHook): Promise<boolean> {
    const before = sandbox.webhooks();
    const exists = await run(checkExists, fake);
    expect(sandbox.webhooks()).toEqual(before);
    expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
    return exists;
  }

  it('is true when our webhook is in Clarky as configured', async () => {
    const fake = await registered();
    await expect(checkWithoutSideEffects(fake)).resolves.toBe(true);
  });

  it('is false without a stored webhook, and asks Clarky nothing', async () => {
    const fake = hook();
    await expect(checkWithoutSideEffects(fake)).resolves.toBe(false);
    expect(fake.requests).toEqual([]);
  });

  it('is false when Clarky lost the webhook (404)', async () => {
    const fake = await registered();
    await admin.deleteWebhook(fake.staticData.webhookId as string);
    await expect(checkWithoutSideEffects(fake)).resolves.toBe(false);
  });

  // Functions: the sandbox's agents exist only once it runs.
  it.each([
    ['url', () => ({ url: 'http://127.0.0.1:5678/webhook/elsewhere/webhook' })],
    ['events', () => ({ events: ['contact.created' as const] })],
    ['agents', () => ({ bot_ids: [sandbox.agents[2]!.id] })],
    ['method', () => ({ method: 'PATCH' as const })],
    ['template', () => ({ payload_template: '{"event": {{event}}}' })],
    ['enabled switch', () => ({ enabled: false })],
  ])('is false when the %s drifted in Clarky', async (_field, patch) => {
    const fake = await registered();
    await admin.updateWebhook(fake.staticData.webhookId as string, patch());
    await expect(checkWithoutSideEffects(fake)).resolves.toBe(false);
  });

  it.each([
    ['events', () => ({ events: ['booking.cancelled'] })],
    ['agents', () => ({ agents: [sandbox.agents[2]!.id] })],
    ['method', () => ({ options: { httpMethod: 'GET' } })],
    ['template', () => ({ options: { payloadTemplate: '{"e": {{event}}}' } })],
  ])('is false when the node now asks for other %s', async (_field, parameters) => {
    const fake = await registered();
    const changed = hook(parameters(), fake.staticData);
    await expect(checkWithoutSideEffects(changed)).resolves.toBe(false);
  });

  it('surfaces errors other than 404', async () => {
    const fake = await registered();
    const unknownKey = fakeHookContext({
      credentials: { apiKey: 'ck_live_not_a_key_of_this_sandbox_00000', baseUrl: sandbox.url },
      parameters: { events: EVENTS, agents: [], options: {} },
      staticData: fake.staticData,
    });
    await expect(run(checkExists, unknownKey)).rejects.toThrow(/API key/);
  });
});

describe('delete', () => {
  it('removes our webhook and forgets it', async () => {
    const fake = hook();
    await run(create, fake);
    await expect(run(remove, fake)).resolves.toBe(true);
    expect(sandbox.webhooks()).toEqual([]);
    expect(fake.staticData).toEqual({});
  });

  it('counts a webhook already gone from Clarky as deleted', async () => {
    const fake = hook();
    await run(create, fake);
    await admin.deleteWebhook(fake.staticData.webhookId as string);
    await expect(run(remove, fake)).resolves.toBe(true);
    expect(fake.staticData).toEqual({});
  });

  it('does nothing when nothing was registered', async () => {
    const fake = hook();
    await expect(run(remove, fake)).resolves.toBe(true);
    expect(fake.requests).toEqual([]);
  });
});

describe('test URL and production URL', () => {
  it('register side by side and delete only their own webhook', async () => {
    // n8n gives the test-URL registration its own static data, separate from the production one.
    const production = hook({}, {}, WEBHOOK_URL);
    const test = hook({}, {}, TEST_WEBHOOK_URL);
    await run(create, production);
    await run(create, test);
    expect(sandbox.webhooks().map((webhook) => webhook.url)).toEqual(
      expect.arrayContaining([WEBHOOK_URL, TEST_WEBHOOK_URL]),
    );

    await run(remove, test);

    expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual([production.staticData.webhookId]);
    await expect(run(checkExists, production)).resolves.toBe(true);
  });
});

describe('Agents list (loadOptions)', () => {
  it('offers every agent of the workspace by name, with its id as the value', async () => {
    const options = await trigger.methods.loadOptions.getAgents.call(hook().context);
    expect(options.map((option) => option.value).sort()).toEqual(sandbox.agents.map((agent) => agent.id).sort());
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const agent of sandbox.agents) {
      expect(names).toContain(agent.enabled ? agent.name : `${agent.name} (disabled)`);
    }
  });
});
