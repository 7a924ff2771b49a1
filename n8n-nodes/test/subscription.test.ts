/**
 * checkExists / create / delete against the sandbox (a real Clarky API on 127.0.0.1), run as n8n runs them: in
 * n8n-core's HookContext on a real n8n Workflow, requests through n8n-core's helpers. What gets registered, what is
 * remembered, what is left alone; "requests" are what the sandbox received.
 */
import { WEBHOOK_METHODS, bearerDigest, createClarkyClient, type ClarkyClient, type EventKey } from '@clarky/core';
import { fetchTransport } from '@clarky/core/fetch';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { HookContext } from 'n8n-core';
import nock from 'nock';
import { Workflow, type IDataObject, type INodeParameters, type INodeType } from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { WEBHOOK_ID, clarkyTrigger, type N8nTrigger } from './n8n-runtime';

// n8n's URLs for the node (its webhook id, path "webhook") under the default WEBHOOK_URL.
const WEBHOOK_URL = `http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook`;
const TEST_WEBHOOK_URL = `http://127.0.0.1:5678/webhook-test/${WEBHOOK_ID}/webhook`;

// A test here may be the one that loads n8n-core first, over real HTTP: more than the unit default (scripts/jest).
jest.setTimeout(30_000);

let sandbox: Sandbox;
let admin: ClarkyClient;
/** Every request the sandbox answered, as "METHOD /path". */
let received: string[];
let tests = 0;

// Each test has a Clarky account of its own (a seed gives a sandbox its own keys): the node shares webhook listings
// between the workflows of one account in a process, and a test must not see what another one left there.
beforeEach(async () => {
  const answered: string[] = [];
  received = answered;
  // Limits raised: one test fills more than a page (100) of webhooks; rate limits have tests of their own.
  sandbox = await startSandbox({
    port: 0,
    seed: `subscription-${++tests}`,
    rateLimits: { reads: 10_000, writes: 10_000 },
    log: (line) => {
      const request = /^([A-Z]+) (\/\S*) \d{3} /.exec(line);
      if (request) answered.push(`${request[1]} ${request[2]}`);
    },
  });
  admin = createClarkyClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.write, transport: fetchTransport() });
});

afterEach(async () => {
  await sandbox.close();
});

let warn: jest.SpyInstance;

beforeEach(() => {
  // n8n-core's logger is one instance, whichever context hands it to the node.
  warn = jest.spyOn(clarkyTrigger({ credentials: { apiKey: 'unused' } }).hookContext().logger, 'warn');
});

afterEach(() => {
  warn.mockRestore();
});

const EVENTS: EventKey[] = ['booking.confirmed', 'conversation.started'];

interface Hook extends N8nTrigger {
  /** The requests the sandbox received since this hook was made or last forgot them. */
  requests(): string[];
  forgetRequests(): void;
  /** What the node logged as warnings through n8n's logger since this hook was made. */
  warnings(): string[];
}

function hook(
  parameters: INodeParameters = {},
  staticData?: IDataObject,
  test = false,
  apiKey = sandbox.keys.write,
): Hook {
  const n8n = clarkyTrigger({
    credentials: { apiKey, baseUrl: sandbox.url },
    parameters: { events: EVENTS, ...parameters },
    staticData,
    test,
  });
  let since = received.length;
  const warnedBefore = warn.mock.calls.length;
  return {
    ...n8n,
    requests: () => received.slice(since),
    forgetRequests: () => {
      since = received.length;
    },
    warnings: () => warn.mock.calls.slice(warnedBefore).map(([message]) => String(message)),
  };
}

const run = (method: 'checkExists' | 'create' | 'delete', fake: Hook) => fake.webhookMethod(method);

describe('create', () => {
  it('registers the webhook as configured, with a fresh 32-byte token, and remembers id and token', async () => {
    const agent = sandbox.agents[1]!;
    const template = '{ "who": "{{firstName}}", "score": {{sentimentScore}} }';
    const fake = hook({ agents: [agent.id], options: { httpMethod: 'PUT', payloadTemplate: template } });

    await expect(run('create', fake)).resolves.toBe(true);

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
    const token = sandbox.bearerTokenOf(webhook!.id)!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(fake.staticData).toEqual({ webhookId: webhook!.id, tokenDigest: bearerDigest(token) });
    expect(JSON.stringify(fake.workflow.staticData)).not.toContain(token);
  });

  it('uses the webhook name from the options', async () => {
    const fake = hook({ options: { webhookName: 'Leads to CRM' } });
    await run('create', fake);
    expect(sandbox.webhooks()[0]!.name).toBe('Leads to CRM');
  });

  it('gives every registration its own token', async () => {
    const first = hook();
    const second = hook();
    await run('create', first);
    await run('create', second);
    expect(first.staticData.tokenDigest).not.toBe(second.staticData.tokenDigest);
  });

  // The node's webhook description reads the method from the options ({{$parameter["options"]["httpMethod"]}});
  // n8n resolves it to the method it listens for. Clarky must be told the same one.
  it.each([undefined, ...WEBHOOK_METHODS])(
    'registers the method n8n listens for (HTTP Method option: %s)',
    async (httpMethod) => {
      const fake = hook({ options: httpMethod ? { httpMethod } : {} });
      await run('create', fake);
      expect(sandbox.webhooks().map((webhook) => webhook.method)).toEqual([fake.webhook.httpMethod]);
      expect(fake.webhook.httpMethod).toBe(httpMethod ?? 'POST');
    },
  );

  it('leaves exactly one webhook at its URL: the stale one it replaces and any other there go', async () => {
    // Left at our URL by an abandoned test listen or a lost registration: n8n's webhook id in the URL makes it ours.
    const orphan = await admin.createWebhook({ name: 'orphan', url: WEBHOOK_URL, events: EVENTS });
    const elsewhere = await admin.createWebhook({ name: 'someone else', url: TEST_WEBHOOK_URL, events: EVENTS });
    const fake = hook();
    await run('create', fake);
    const staleId = fake.staticData.webhookId;
    expect(sandbox.webhooks().map((webhook) => webhook.id)).not.toContain(orphan.id);

    await run('create', fake);

    const ids = sandbox.webhooks().map((webhook) => webhook.id);
    expect(ids).not.toContain(staleId);
    expect(ids.sort()).toEqual([elsewhere.id, fake.staticData.webhookId].sort());
    expect(fake.warnings()).toEqual([]);
  });

  it('finds the leftovers on every page of the webhook list', async () => {
    for (let index = 0; index < 105; index += 1) {
      await admin.createWebhook({ name: `orphan ${index}`, url: WEBHOOK_URL, events: EVENTS });
    }
    const fake = hook();
    await run('create', fake);
    expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual([fake.staticData.webhookId]);
  });

  it('removes the replaced webhook even when it was registered at another URL', async () => {
    const listening = hook({}, {}, true);
    await run('create', listening);
    expect(sandbox.webhooks().map((webhook) => webhook.url)).toEqual([TEST_WEBHOOK_URL]);
    const moved = hook({}, listening.staticData);
    await run('create', moved);
    expect(sandbox.webhooks().map((webhook) => [webhook.id, webhook.url])).toEqual([
      [moved.staticData.webhookId, WEBHOOK_URL],
    ]);
  });

  it('keeps the new webhook and warns, naming the URL, when a leftover cannot be deleted', async () => {
    const fake = hook();
    await run('create', fake);
    const stale = fake.staticData.webhookId as string;
    // Only the DELETE is refused (nock); every other call reaches the sandbox.
    const refusal = { error: { code: 'forbidden', message: 'This API key may not delete webhooks.' } };
    nock(sandbox.origin, { allowUnmocked: true })
      .delete(new RegExp(`/webhooks/${stale}$`))
      .reply(403, refusal);
    try {
      await expect(run('create', fake)).resolves.toBe(true);
    } finally {
      nock.cleanAll();
    }

    expect(
      sandbox
        .webhooks()
        .map((webhook) => webhook.id)
        .sort(),
    ).toEqual([stale, fake.staticData.webhookId].sort());
    const warnings = fake.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not delete the replaced Clarky webhook ${stale}`);
    expect(warnings[0]).toContain(WEBHOOK_URL);
    expect(warnings[0]).not.toContain(sandbox.keys.write);
  });

  /** create fails with a NodeOperationError and sends Clarky nothing; its message. */
  async function refusedBeforeAnyRequest(fake: Hook, attempt = () => run('create', fake)): Promise<string> {
    const error = await attempt().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'NodeOperationError' });
    expect(fake.requests()).toEqual([]);
    expect(sandbox.webhooks()).toEqual([]);
    return (error as Error).message;
  }

  it('refuses a bad template with its line, column and suggestion, before any request', async () => {
    const message = await refusedBeforeAnyRequest(
      hook({ options: { payloadTemplate: '{\n  "name": "{{firstname}}"\n}' } }),
    );
    expect(message).toMatch(/line 2, column \d+/);
    expect(message).toContain('firstName');
  });

  it.each([
    ['an array', '[{{firstName}}]'],
    ['a string', '"{{firstName}}"'],
    ['a bare value', '{{ sentimentScore }}'],
  ])(
    'refuses a template that is valid JSON but %s, before any request: n8n needs an object per item',
    async (_kind, payloadTemplate) => {
      const message = await refusedBeforeAnyRequest(hook({ options: { payloadTemplate } }));
      expect(message).toContain('must be a JSON object');
    },
  );

  it('refuses an event Clarky does not have, naming it, before any request', async () => {
    // A workflow saved with an event this version no longer offers keeps it in its parameters.
    const fake = hook({ events: ['booking.confirmed', 'booking.teleported'] });
    await expect(refusedBeforeAnyRequest(fake)).resolves.toBe(
      'Unknown event booking.teleported: choose the events again in "Events".',
    );
  });

  it('refuses to register without events, before any request', async () => {
    await expect(refusedBeforeAnyRequest(hook({ events: [] }))).resolves.toBe('Choose at least one event in "Events".');
  });

  it('fails before any request when n8n has no webhook URL for the node', async () => {
    // n8n-core's getNodeWebhookUrl finds no URL when the node type has no webhook of that name, e.g. a package
    // version that renamed it while a workflow still holds the old registration.
    const fake = hook();
    const trigger = new ClarkyTrigger();
    const renamed: INodeType = {
      ...trigger,
      description: { ...trigger.description, webhooks: [{ ...trigger.description.webhooks![0]!, name: 'setup' }] },
    };
    const workflow = new Workflow({
      id: fake.workflow.id,
      name: fake.workflow.name,
      nodes: [fake.node],
      connections: {},
      active: true,
      nodeTypes: { getByName: () => renamed, getByNameAndVersion: () => renamed, getKnownTypes: () => ({}) },
    });
    const context = new HookContext(workflow, fake.node, fake.additionalData, 'trigger', 'activate');
    expect(context.getNodeWebhookUrl('default')).toBeUndefined();

    const message = await refusedBeforeAnyRequest(fake, () => trigger.webhookMethods.default.create.call(context));
    expect(message).toBe('n8n did not give this node a webhook URL; save the workflow and try again.');
  });
});

describe('checkExists', () => {
  async function registered(parameters: INodeParameters = {}) {
    const fake = hook(parameters);
    await run('create', fake);
    fake.forgetRequests();
    return fake;
  }

  /** checkExists may read, nothing else: the sandbox's webhooks stay as they were. */
  async function checkWithoutSideEffects(fake: Hook): Promise<boolean> {
    const before = sandbox.webhooks();
    fake.forgetRequests();
    const exists = await run('checkExists', fake);
    expect(sandbox.webhooks()).toEqual(before);
    expect(fake.requests().every((request) => request.startsWith('GET '))).toBe(true);
    return exists;
  }

  it('is true when our webhook is in Clarky as configured', async () => {
    const fake = await registered();
    await expect(checkWithoutSideEffects(fake)).resolves.toBe(true);
  });

  it('asks Clarky one question: a GET of the stored webhook', async () => {
    const fake = await registered();
    await run('checkExists', fake);
    expect(fake.requests().map((request) => request.split(' ')[0])).toEqual(['GET']);
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
    expect(fake.requests()).toEqual([]);
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
    ['events', (): INodeParameters => ({ events: ['booking.cancelled'] })],
    ['agents', (): INodeParameters => ({ agents: [sandbox.agents[2]!.id] })],
    ['method', (): INodeParameters => ({ options: { httpMethod: 'GET' } })],
    ['template', (): INodeParameters => ({ options: { payloadTemplate: '{"e": {{event}}}' } })],
  ])('is false when the node now asks for other %s', async (_field, parameters) => {
    const fake = await registered();
    const changed = hook(parameters(), fake.staticData);
    await expect(checkWithoutSideEffects(changed)).resolves.toBe(false);
  });

  it('surfaces errors other than 404', async () => {
    const fake = await registered();
    const unknownKey = hook({}, fake.staticData, false, 'ck_live_not_a_key_of_this_sandbox_00000');
    await expect(run('checkExists', unknownKey)).rejects.toThrow(/API key/);
  });
});

describe('delete', () => {
  it('removes our webhook and forgets it', async () => {
    const fake = hook();
    await run('create', fake);
    await expect(run('delete', fake)).resolves.toBe(true);
    expect(sandbox.webhooks()).toEqual([]);
    expect(fake.staticData).toEqual({});
  });

  it('counts a webhook already gone from Clarky as deleted', async () => {
    const fake = hook();
    await run('create', fake);
    await admin.deleteWebhook(fake.staticData.webhookId as string);
    await expect(run('delete', fake)).resolves.toBe(true);
    expect(fake.staticData).toEqual({});
  });

  it('does nothing when nothing was registered', async () => {
    const fake = hook();
    await expect(run('delete', fake)).resolves.toBe(true);
    expect(fake.requests()).toEqual([]);
  });
});

describe('test URL and production URL', () => {
  it('register side by side and delete only their own webhook', async () => {
    // n8n gives the test-URL registration its own static data, separate from the production one.
    const production = hook({}, {});
    const test = hook({}, {}, true);
    await run('create', production);
    await run('create', test);
    expect(sandbox.webhooks().map((webhook) => webhook.url)).toEqual(
      expect.arrayContaining([WEBHOOK_URL, TEST_WEBHOOK_URL]),
    );

    await run('delete', test);

    expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual([production.staticData.webhookId]);
    await expect(run('checkExists', production)).resolves.toBe(true);
  });
});

describe('Agents list (loadOptions)', () => {
  it('offers every agent of the workspace by name, with its id as the value', async () => {
    const fake = hook();
    const options = await new ClarkyTrigger().methods.loadOptions.getAgents.call(fake.loadOptionsContext());
    expect(options.map((option) => option.value).sort()).toEqual(sandbox.agents.map((agent) => agent.id).sort());
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const agent of sandbox.agents) {
      expect(names).toContain(agent.enabled ? agent.name : `${agent.name} (disabled)`);
    }
    expect(fake.requests()).toEqual(['GET /api/v1/agents']);
  });
});
