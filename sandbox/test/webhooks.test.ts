import {
  dataEnvelope,
  listEnvelope,
  ROUTES,
  SAMPLE_AGENTS,
  SamplesSchema,
  VARIABLES,
  WEBHOOK_METHODS,
  WebhookSchema,
} from '@clarky/core';
import type { Sandbox } from '../src';
import { call, EVENT, OTHER_EVENT, testSandbox, webhookBody } from './helpers';

const TARGET = 'http://127.0.0.1:9/hook';
const TOKEN = 'tok_very-secret-value';

describe('webhooks CRUD', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await testSandbox();
  });
  afterEach(() => sandbox.close());

  const create = async (fields: Record<string, unknown> = {}) => {
    const answer = await call(sandbox, 'POST', ROUTES.webhooks, { body: webhookBody(TARGET, fields) });
    expect(answer.status).toBe(201);
    return dataEnvelope(WebhookSchema).parse(answer.body).data;
  };

  it('creates a webhook with the documented defaults', async () => {
    const webhook = await create();
    expect(webhook).toEqual({
      id: expect.stringMatching(/^wh_[0-9A-HJKMNP-TV-Z]{26}$/),
      workspace_id: sandbox.agents[0]!.workspace_id,
      name: 'Test hook',
      description: null,
      url: TARGET,
      method: 'POST',
      events: [EVENT],
      bot_ids: [],
      has_bearer_token: false,
      payload_template: null,
      enabled: true,
      created_at: expect.any(String),
      updated_at: webhook.created_at,
    });
  });

  it('never returns the bearer token: not on create, get, list, update, nor webhooks()', async () => {
    const webhook = await create({ bearer_token: TOKEN });
    expect(webhook.has_bearer_token).toBe(true);
    const seen = [
      await call(sandbox, 'GET', ROUTES.webhook(webhook.id)),
      await call(sandbox, 'GET', ROUTES.webhooks),
      await call(sandbox, 'PATCH', ROUTES.webhook(webhook.id), { body: { name: 'Renamed' } }),
    ];
    for (const answer of seen) expect(JSON.stringify(answer.body)).not.toContain(TOKEN);
    expect(JSON.stringify(sandbox.webhooks())).not.toContain(TOKEN);
    expect(sandbox.webhooks()[0]).not.toHaveProperty('bearer_token');
  });

  it('tells a test the bearer token a webhook was given, and null or undefined when there is none', async () => {
    const withToken = await create({ bearer_token: TOKEN });
    const without = await create();
    expect(sandbox.bearerTokenOf(withToken.id)).toBe(TOKEN);
    expect(sandbox.bearerTokenOf(without.id)).toBeNull();
    expect(sandbox.bearerTokenOf('wh_unknown')).toBeUndefined();
    await call(sandbox, 'PATCH', ROUTES.webhook(withToken.id), { body: { bearer_token: 'tok_rotated' } });
    expect(sandbox.bearerTokenOf(withToken.id)).toBe('tok_rotated');
  });

  it('gets one webhook and lists them all, paginated, in creation order', async () => {
    const first = await create({ name: 'First' });
    const second = await create({ name: 'Second' });
    expect((await call(sandbox, 'GET', ROUTES.webhook(first.id))).body).toEqual({ data: first });
    const list = listEnvelope(WebhookSchema).parse((await call(sandbox, 'GET', ROUTES.webhooks)).body);
    expect(list.data).toEqual([first, second]);
    const page2 = await call(sandbox, 'GET', `${ROUTES.webhooks}?page=2&page_size=1`);
    expect(page2.body.data).toEqual([second]);
    expect(page2.body.pagination).toEqual({ page: 2, page_size: 1, total: 2, total_pages: 2 });
  });

  it('lets several webhooks share a URL and events', async () => {
    await create();
    await create();
    expect(sandbox.webhooks()).toHaveLength(2);
  });

  it('updates only the fields sent', async () => {
    const webhook = await create({ description: 'kept', bearer_token: TOKEN });
    const answer = await call(sandbox, 'PATCH', ROUTES.webhook(webhook.id), {
      body: { enabled: false, method: 'PUT', events: [OTHER_EVENT, OTHER_EVENT] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      ...webhook,
      enabled: false,
      method: 'PUT',
      events: [OTHER_EVENT],
      updated_at: expect.any(String),
    });
    expect(Date.parse(answer.body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(webhook.updated_at));
  });

  it('clears the bearer token when updated to null', async () => {
    const webhook = await create({ bearer_token: TOKEN });
    const answer = await call(sandbox, 'PATCH', ROUTES.webhook(webhook.id), { body: { bearer_token: null } });
    expect(answer.body.data.has_bearer_token).toBe(false);
  });

  it('deletes permanently: 204, then 404 not_found', async () => {
    const webhook = await create();
    const removed = await call(sandbox, 'DELETE', ROUTES.webhook(webhook.id));
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const answer = await call(sandbox, method, ROUTES.webhook(webhook.id), method === 'PATCH' ? { body: {} } : {});
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect(sandbox.webhooks()).toEqual([]);
  });

  it('answers PATCH of an unknown id with 404 before validating', async () => {
    const answer = await call(sandbox, 'PATCH', ROUTES.webhook('wh_missing'), { body: { url: 'nope' } });
    expect(answer.status).toBe(404);
  });
});

describe('webhook validation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await testSandbox();
  });
  afterAll(() => sandbox.close());

  const refused = async (method: string, path: string, body: unknown) => {
    const answer = await call(sandbox, method, path, { body });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('validation_error');
    return answer.body.error as { message: string; details: Array<Record<string, unknown>> };
  };
  const fields = (error: { details: Array<Record<string, unknown>> }) => error.details.map((detail) => detail.field);

  it('names every bad field at once', async () => {
    const error = await refused('POST', ROUTES.webhooks, {
      name: '',
      url: 'ftp://example.com/hook',
      method: 'POST_IT',
      events: [EVENT, 'no.such_event'],
      bot_ids: ['b_nobody'],
    });
    expect(fields(error)).toEqual(['name', 'url', 'method', 'events[1]', 'bot_ids[0]']);
    expect(error.message).toContain('no.such_event');
    expect(sandbox.webhooks()).toEqual([]);
  });

  it('requires name, url and events', async () => {
    const error = await refused('POST', ROUTES.webhooks, {});
    expect(fields(error)).toEqual(['name', 'url', 'events']);
    expect(error.details.every((detail) => detail.message === 'is required')).toBe(true);
  });

  it.each([['not a url'], ['javascript:alert(1)'], ['//no-scheme.example/hook']])('refuses the url %s', async (url) => {
    expect(fields(await refused('POST', ROUTES.webhooks, webhookBody(url)))).toEqual(['url']);
  });

  it('says what is wrong with sizes: empty name, too long a description', async () => {
    const error = await refused(
      'POST',
      ROUTES.webhooks,
      webhookBody(TARGET, { name: ' ', description: 'x'.repeat(2001) }),
    );
    expect(error.details).toEqual([
      { field: 'name', message: 'must not be empty' },
      { field: 'description', message: 'must be at most 2000 characters long' },
    ]);
  });

  it('refuses an empty events list and says how to fix a bad method', async () => {
    const error = await refused('POST', ROUTES.webhooks, webhookBody(TARGET, { events: [], method: 'post' }));
    expect(fields(error)).toEqual(['method', 'events']);
    for (const method of WEBHOOK_METHODS) expect(error.details[0]!.message).toContain(method);
  });

  it('accepts every documented method', async () => {
    for (const method of WEBHOOK_METHODS) {
      const answer = await call(sandbox, 'POST', ROUTES.webhooks, { body: webhookBody(TARGET, { method }) });
      expect(answer.body.data.method).toBe(method);
    }
  });

  it('refuses an unknown variable with the line, column and closest name', async () => {
    const variable = VARIABLES.find((candidate) => /[A-Z]/.test(candidate.name))!.name;
    const template = `{\n  "who": "{{${variable.toLowerCase()}}}"\n}`;
    const error = await refused('POST', ROUTES.webhooks, webhookBody(TARGET, { payload_template: template }));
    expect(error.details).toEqual([
      expect.objectContaining({
        field: 'payload_template',
        line: 2,
        column: 11,
        variable: variable.toLowerCase(),
        suggestion: variable,
      }),
    ]);
    expect(error.message).toContain('line 2, column 11');
  });

  it('refuses a template that is not JSON, with its position', async () => {
    const error = await refused('POST', ROUTES.webhooks, webhookBody(TARGET, { payload_template: '{"a": 1,,}' }));
    expect(error.details).toEqual([expect.objectContaining({ field: 'payload_template', line: 1 })]);
    expect(error.details[0]!.column).toEqual(expect.any(Number));
  });

  it('validates updates too, and leaves the webhook unchanged when refused', async () => {
    const created = await call(sandbox, 'POST', ROUTES.webhooks, { body: webhookBody(TARGET) });
    const id = created.body.data.id as string;
    const error = await refused('PATCH', ROUTES.webhook(id), {
      url: 'nope',
      payload_template: '{{{',
      bot_ids: ['b_x'],
    });
    expect(fields(error)).toEqual(['url', 'bot_ids[0]', 'payload_template']);
    expect((await call(sandbox, 'GET', ROUTES.webhook(id))).body.data).toEqual(created.body.data);
  });

  it('accepts bot ids of existing agents', async () => {
    const answer = await call(sandbox, 'POST', ROUTES.webhooks, {
      body: webhookBody(TARGET, { bot_ids: [SAMPLE_AGENTS[1].id] }),
    });
    expect(answer.body.data.bot_ids).toEqual([SAMPLE_AGENTS[1].id]);
  });
});

describe('webhook samples', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await testSandbox();
  });
  afterEach(() => sandbox.close());

  const samples = async (query: string) => {
    const answer = await call(sandbox, 'GET', `${ROUTES.webhookSamples}?${query}`, { key: sandbox.keys.read });
    expect(answer.status).toBe(200);
    return SamplesSchema.parse(answer.body).data;
  };

  it('is empty before any event happened', async () => {
    expect(await samples(`event=${EVENT}`)).toEqual([]);
  });

  it('shows the newest three events of that kind, newest first, in the default payload shape', async () => {
    const triggered = [];
    for (let index = 0; index < 4; index++) triggered.push(await sandbox.trigger(EVENT));
    await sandbox.trigger(OTHER_EVENT);
    const shown = await samples(`event=${EVENT}`);
    expect(shown).toEqual(
      triggered
        .slice(1)
        .reverse()
        .map((event) => event.payload),
    );
  });

  it('filters by bot_id', async () => {
    const agent = SAMPLE_AGENTS[2].id;
    await sandbox.trigger(EVENT, { botId: SAMPLE_AGENTS[0].id });
    const mine = await sandbox.trigger(EVENT, { botId: agent });
    expect(await samples(`event=${EVENT}&bot_id=${agent}`)).toEqual([mine.payload]);
  });

  it('refuses an unknown event or agent with 422', async () => {
    for (const query of ['event=nope', '', `event=${EVENT}&bot_id=b_nobody`]) {
      const answer = await call(sandbox, 'GET', `${ROUTES.webhookSamples}?${query}`);
      expect(answer.status).toBe(422);
    }
  });
});
