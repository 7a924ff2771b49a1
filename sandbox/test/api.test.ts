import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ROUTES, SAMPLE_AGENTS, AgentSchema, listEnvelope } from '@clarky/core';
import { DEFAULT_SEED, deriveKeys, type Sandbox } from '../src';
import { call, testSandbox, webhookBody } from './helpers';

describe('the Clarky API conventions', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await testSandbox();
  });
  afterAll(() => sandbox.close());

  describe('API keys', () => {
    it('refuses a request without a key with 401 unauthorized', async () => {
      const answer = await call(sandbox, 'GET', ROUTES.agents, { key: null });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthorized');
    });

    it('refuses an unknown key with 401, without echoing it', async () => {
      const wrong = sandbox.keys.write.slice(0, -1) + (sandbox.keys.write.endsWith('x') ? 'y' : 'x');
      const answer = await call(sandbox, 'GET', ROUTES.agents, { key: wrong });
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.body)).not.toContain(wrong);
    });

    it('lets the read key read but answers 403 forbidden when it writes', async () => {
      const read = await call(sandbox, 'GET', ROUTES.webhooks, { key: sandbox.keys.read });
      expect(read.status).toBe(200);
      const write = await call(sandbox, 'POST', ROUTES.webhooks, {
        key: sandbox.keys.read,
        body: webhookBody('http://127.0.0.1:9/hook'),
      });
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('forbidden');
      expect(sandbox.webhooks()).toHaveLength(0);
    });

    it('looks like Clarky keys: ck_live_ and 38 characters', () => {
      for (const key of [sandbox.keys.write, sandbox.keys.read]) expect(key).toMatch(/^ck_live_[A-Za-z0-9]{30}$/);
    });
  });

  describe('agents and contacts', () => {
    it('lists the three seeded agents in a list envelope', async () => {
      const answer = await call(sandbox, 'GET', ROUTES.agents);
      const list = listEnvelope(AgentSchema).parse(answer.body);
      expect(list.data.map((agent) => agent.id)).toEqual(SAMPLE_AGENTS.map((agent) => agent.id));
      expect(list.pagination).toEqual({ page: 1, page_size: DEFAULT_PAGE_SIZE, total: 3, total_pages: 1 });
      expect(sandbox.agents).toEqual(list.data);
    });

    it('lists seeded contacts and finds one by id', async () => {
      const list = await call(sandbox, 'GET', ROUTES.contacts);
      expect(list.body.data.length).toBeGreaterThanOrEqual(3);
      const first = list.body.data[0];
      const one = await call(sandbox, 'GET', `${ROUTES.contacts}/${first.id}`);
      expect(one.body).toEqual({ data: first });
      expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('pagination', () => {
    it('pages with page and page_size', async () => {
      const second = await call(sandbox, 'GET', `${ROUTES.agents}?page=2&page_size=1`);
      expect(second.body.data.map((agent: { id: string }) => agent.id)).toEqual([SAMPLE_AGENTS[1].id]);
      expect(second.body.pagination).toEqual({ page: 2, page_size: 1, total: 3, total_pages: 3 });
      const past = await call(sandbox, 'GET', `${ROUTES.agents}?page=9&page_size=${MAX_PAGE_SIZE}`);
      expect(past.body.data).toEqual([]);
    });

    it.each([[`page_size=${MAX_PAGE_SIZE + 1}`], ['page_size=0'], ['page=0'], ['page=two'], ['page_size=1.5']])(
      'refuses %s with 422 naming the parameter',
      async (query) => {
        const answer = await call(sandbox, 'GET', `${ROUTES.agents}?${query}`);
        expect(answer.status).toBe(422);
        expect(answer.body.error.code).toBe('validation_error');
        expect(answer.body.error.details).toEqual([expect.objectContaining({ field: query.split('=')[0] })]);
      },
    );
  });

  describe('errors', () => {
    it('answers an unknown route with 404 not_found', async () => {
      const answer = await call(sandbox, 'GET', '/no-such-thing');
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    });

    it('answers a known path with an unsupported method with 404', async () => {
      const answer = await call(sandbox, 'DELETE', ROUTES.agents);
      expect(answer.status).toBe(404);
    });

    it('answers malformed JSON with 400 bad_request', async () => {
      const answer = await call(sandbox, 'POST', ROUTES.webhooks, { rawBody: '{"name": "x",' });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('bad_request');
      expect(sandbox.webhooks()).toHaveLength(0);
    });

    it('answers a JSON body that is not an object with 400', async () => {
      const answer = await call(sandbox, 'POST', ROUTES.webhooks, { rawBody: '[1, 2]' });
      expect(answer.status).toBe(400);
    });
  });
});

describe('rate limits', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await testSandbox({ rateLimits: { reads: 3, writes: 2, windowMs: 60_000 } });
  });
  afterEach(() => sandbox.close());

  it('puts X-RateLimit-* on every response, counting down', async () => {
    const first = await call(sandbox, 'GET', ROUTES.agents);
    const missing = await call(sandbox, 'GET', '/nowhere');
    const anonymous = await call(sandbox, 'GET', ROUTES.agents, { key: null });
    expect(anonymous.status).toBe(401);
    for (const answer of [first, missing, anonymous]) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('3');
      expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(missing.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('answers 429 rate_limited with Retry-After past the read limit', async () => {
    for (let index = 0; index < 3; index++) expect((await call(sandbox, 'GET', ROUTES.agents)).status).toBe(200);
    const refused = await call(sandbox, 'GET', ROUTES.agents);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('counts writes apart from reads', async () => {
    const body = webhookBody('http://127.0.0.1:9/hook');
    expect((await call(sandbox, 'POST', ROUTES.webhooks, { body })).status).toBe(201);
    expect((await call(sandbox, 'POST', ROUTES.webhooks, { body })).status).toBe(201);
    const refused = await call(sandbox, 'POST', ROUTES.webhooks, { body });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
    expect((await call(sandbox, 'GET', ROUTES.webhooks)).status).toBe(200);
    expect(sandbox.webhooks()).toHaveLength(2);
  });

  it('frees the key again once the rolling window has passed', async () => {
    await sandbox.close();
    sandbox = await testSandbox({ rateLimits: { reads: 1, windowMs: 300 } });
    expect((await call(sandbox, 'GET', ROUTES.agents)).status).toBe(200);
    expect((await call(sandbox, 'GET', ROUTES.agents)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await call(sandbox, 'GET', ROUTES.agents)).status).toBe(200);
  });

  it('limits each key on its own', async () => {
    for (let index = 0; index < 3; index++) await call(sandbox, 'GET', ROUTES.agents);
    expect((await call(sandbox, 'GET', ROUTES.agents)).status).toBe(429);
    expect((await call(sandbox, 'GET', ROUTES.agents, { key: sandbox.keys.read })).status).toBe(200);
  });
});

describe('seeds and keys', () => {
  it('derives the same keys, workspace and contacts from the same seed, and others from another', async () => {
    const [first, again, other] = await Promise.all([
      testSandbox({ seed: 'one' }),
      testSandbox({ seed: 'one' }),
      testSandbox({ seed: 'two' }),
    ]);
    try {
      const contacts = async (sandbox: Sandbox) => (await call(sandbox, 'GET', ROUTES.contacts)).body.data;
      expect(again.keys).toEqual(first.keys);
      expect(again.agents).toEqual(first.agents);
      expect(await contacts(again)).toEqual(await contacts(first));
      expect(other.keys.write).not.toBe(first.keys.write);
      expect(other.keys.read).not.toBe(first.keys.read);
      expect(other.agents[0]!.workspace_id).not.toBe(first.agents[0]!.workspace_id);
      expect(other.agents.map((agent) => agent.id)).toEqual(first.agents.map((agent) => agent.id));
    } finally {
      await Promise.all([first, again, other].map((sandbox) => sandbox.close()));
    }
  });

  it('takes given keys instead of derived ones', async () => {
    const write = 'ck_live_given0write0key000000000000000';
    const sandbox = await testSandbox({ keys: { write } });
    try {
      expect(sandbox.keys).toEqual({ write, read: deriveKeys(DEFAULT_SEED).read });
      expect((await call(sandbox, 'GET', ROUTES.agents, { key: write })).status).toBe(200);
      expect((await call(sandbox, 'GET', ROUTES.agents, { key: deriveKeys(DEFAULT_SEED).write })).status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });
});
