/**
 * checkExists / create / delete against the sandbox (a real Clarky API on 127.0.0.1), with the
 * node's n8n context faked: what gets registered, what is remembered, what is left alone.
 */
import { bearerDigest, createClarkyClient, type ClarkyClient, type EventKey } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import nock from 'nock';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { fakeHookContext, TEST_WEBHOOK_URL, WEBHOOK_URL, type FakeHook } from './fake-n8n';

const trigger = new ClarkyTrigger();
const { checkExists, create, delete: remove } = trigger.webhookMethods.default;

let sandbox: Sandbox;
let admin: ClarkyClient;

beforeAll(async () => {
  // Limits raised: one test fills more than a page (100) of webhooks; rate limits have tests of their own.
  sandbox = await startSandbox({ port: 0, rateLimits: { reads: 10_000, writes: 10_000 } });
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
    // Clarky gets the token once; n8n's static data (stored unencrypted) keeps only its digest.
    const sent = fake.requests.find((request) => request.method === 'POST');
    const token = (sent?.body as { bearer_token: string }).bearer_token;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(fake.staticData).toEqual({ webhookId: webhook!.id, tokenDigest: bearerDigest(token) });
    expect(JSON.stringify(fake.staticData)).not.toContain(token);
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
    expect(first.staticData.tokenDigest).not.toBe(second.staticData.tokenDigest);
  });

  it('leaves exactly one webhook at its URL: the stale one it replaces and any other there go', async () => {
    // Left at our URL by an abandoned test listen or a lost registration: n8n's webhook id in the URL makes it ours.
    const orphan = await admin.createWebhook({ name: 'orphan', url: WEBHOOK_URL, events: EVENTS });
    const elsewhere = await admin.createWebhook({ name: 'someone else', url: TEST_WEBHOOK_URL, events: EVENTS });
    const fake = hook();
    await run(create, fake);
    const staleId = fake.staticData.webhookId;
    expect(sandbox.webhooks().map((webhook) => webhook.id)).not.toContain(orphan.id);

    await run(create, fake);

    const ids = sandbox.webhooks().map((webhook) => webhook.id);
    expect(ids).not.toContain(staleId);
    expect(ids.sort()).toEqual([elsewhere.id, fake.staticData.webhookId].sort());
    expect(fake.warnings).toEqual([]);
  });

  it('finds the leftovers on every page of the webhook list', async () => {
    for (let index = 0; index < 105; index += 1) {
      await admin.createWebhook({ name: `orphan ${index}`, url: WEBHOOK_URL, events: EVENTS });
    }
    const fake = hook();
    await run(create, fake);
    expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual([fake.staticData.webhookId]);
  });

  it('removes the replaced webhook even when it was registered at another URL', async () => {
    const fake = hook({}, {}, TEST_WEBHOOK_URL);
    await run(create, fake);
    const moved = hook({}, fake.staticData, WEBHOOK_URL);
    await run(create, moved);
    expect(sandbox.webhooks().map((webhook) => [webhook.id, webhook.url])).toEqual([
      [moved.staticData.webhookId, WEBHOOK_URL],
    ]);
  });

  it('keeps the new webhook and warns, naming the URL, when a leftover cannot be deleted', async () => {
    const fake = hook();
    await run(create, fake);
    const stale = fake.staticData.webhookId as string;
    // Only the DELETE is refused (nock); every other call reaches the sandbox.
    const refusal = { error: { code: 'forbidden', message: 'This API key may not delete webhooks.' } };
    nock(sandbox.origin, { allowUnmocked: true })
      .delete(new RegExp(`/webhooks/${stale}$`))
      .reply(403, refusal);
    try {
      await expect(run(create, fake)).resolves.toBe(true);
    } finally {
      nock.cleanAll();
    }

    expect(
      sandbox
        .webhooks()
        .map((webhook) => webhook.id)
        .sort(),
    ).toEqual([stale, fake.staticData.webhookId].sort());
    expect(fake.warnings).toHaveLength(1);
    expect(fake.warnings[0]).toContain(`could not delete the replaced Clarky webhook ${stale}`);
    expect(fake.warnings[0]).toContain(WEBHOOK_URL);
    expect(fake.warnings[0]).not.toContain(sandbox.keys.write);
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

  it('asks Clarky one question: a GET of the stored webhook', async () => {
    const fake = await registered();
    await run(checkExists, fake);
    expect(fake.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('rewrites a registration stored the old way (the token itself) as its digest, and still finds it', async () => {
    const fake = await registered();
    const { webhookId } = fake.staticData;
    const token = 'token-kept-by-an-earlier-version';
    await admin.updateWebhook(webhookId as string, { bearer_token: token });
    const legacy = hook({}, { webhookId, bearerToken: token });

    await expect(checkWithoutSideEffects(legacy)).resolves.toBe(true);

    expect(legacy.staticData).toEqual({ webhookId, tokenDigest: bearerDigest(token) });
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
