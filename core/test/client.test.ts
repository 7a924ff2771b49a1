import nock from 'nock';
import { ROUTES } from '../src/api/routes';
import { DEFAULT_BASE_URL, MAX_PAGE_SIZE } from '../src/api/schemas';
import { samplePayload } from '../src/samples';
import {
  API_KEY,
  BASE_URL,
  ORIGIN,
  agent,
  clarkyError,
  isolateNetwork,
  page,
  rejection,
  testClient,
  webhook,
} from './client-fixtures';

isolateNetwork();

const api = (options?: nock.Options) => nock(BASE_URL, options);

describe('requests', () => {
  it('sends the API key as a bearer token and asks for JSON', async () => {
    const scope = api({ reqheaders: { authorization: `Bearer ${API_KEY}`, accept: 'application/json' } })
      .get(ROUTES.webhook('wh_1'))
      .reply(200, { data: webhook({ id: 'wh_1' }) });
    const { client } = testClient();
    await expect(client.getWebhook('wh_1')).resolves.toMatchObject({ id: 'wh_1' });
    scope.done();
  });

  it('sends no Authorization header when the host authenticates (no apiKey)', async () => {
    const scope = api({ badheaders: ['authorization'] })
      .get(ROUTES.webhook('wh_1'))
      .reply(200, { data: webhook({ id: 'wh_1' }) });
    const { client } = testClient({ apiKey: undefined });
    await client.getWebhook('wh_1');
    scope.done();
  });

  it.each([`${BASE_URL}/`, `${BASE_URL}///`])('tolerates a trailing slash on the base URL (%s)', async (baseUrl) => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .reply(200, { data: webhook({ id: 'wh_1' }) });
    const { client } = testClient({ baseUrl });
    await client.getWebhook('wh_1');
    scope.done();
  });

  it("defaults to Clarky's base URL", async () => {
    const scope = nock(DEFAULT_BASE_URL)
      .get(ROUTES.agents)
      .query({ page_size: '1' })
      .reply(200, page([], 1, 0, 0));
    const { client } = testClient({ baseUrl: undefined });
    await client.ping();
    scope.done();
  });

  it.each(['not a url', 'ftp://clarky.test/api/v1', API_KEY])(
    'refuses a base URL that is not http(s) without echoing it (%#)',
    (baseUrl) => {
      const create = () => testClient({ baseUrl });
      expect(create).toThrow(
        new TypeError('The Clarky base URL must be an http(s) URL, e.g. https://clarky.ai/api/v1.'),
      );
    },
  );

  it('escapes webhook ids in the path', async () => {
    const scope = nock(ORIGIN).delete('/api/v1/webhooks/wh%2F..%2Fagents').reply(204);
    const { client } = testClient();
    await client.deleteWebhook('wh/../agents');
    scope.done();
  });
});

describe('listAgents', () => {
  it('follows every page, 100 at a time, and keeps the order', async () => {
    const agents = Array.from({ length: 250 }, (_, index) => agent(index));
    const scope = api()
      .get(ROUTES.agents)
      .query({ page: '1', page_size: String(MAX_PAGE_SIZE) })
      .reply(200, page(agents.slice(0, 100), 1, 3, 250))
      .get(ROUTES.agents)
      .query({ page: '2', page_size: '100' })
      .reply(200, page(agents.slice(100, 200), 2, 3, 250))
      .get(ROUTES.agents)
      .query({ page: '3', page_size: '100' })
      .reply(200, page(agents.slice(200), 3, 3, 250));
    const { client } = testClient();
    await expect(client.listAgents()).resolves.toEqual(agents);
    scope.done();
  });

  it('asks once when there are no agents', async () => {
    const scope = api()
      .get(ROUTES.agents)
      .query(true)
      .reply(200, page([], 1, 0, 0));
    const { client } = testClient();
    await expect(client.listAgents()).resolves.toEqual([]);
    scope.done();
  });

  it('keeps fields Clarky adds that the schema does not know', async () => {
    const withExtra = { ...agent(1), voice: { provider: 'eleven', id: 'v1' }, created_at: '2026-01-01T00:00:00Z' };
    const scope = api()
      .get(ROUTES.agents)
      .query(true)
      .reply(200, { ...page([withExtra], 1, 1, 1), request_id: 'req_1' });
    const { client } = testClient();
    await expect(client.listAgents()).resolves.toEqual([withExtra]);
    scope.done();
  });
});

describe('one page of a list', () => {
  const agents = Array.from({ length: 250 }, (_, index) => agent(index));

  it('reads only the page asked for, 100 items, with one request, though more pages follow', async () => {
    const scope = api()
      .get(ROUTES.agents)
      .query({ page: '2', page_size: String(MAX_PAGE_SIZE) })
      .once()
      .reply(200, page(agents.slice(100, 200), 2, 3, 250));
    const { client } = testClient();
    await expect(client.listAgents({ page: 2 })).resolves.toEqual(agents.slice(100, 200));
    scope.done();
  });

  it('answers an empty list past the last page', async () => {
    const scope = api()
      .get(ROUTES.agents)
      .query({ page: '4', page_size: '100' })
      .once()
      .reply(200, page([], 4, 3, 250));
    const { client } = testClient();
    await expect(client.listAgents({ page: 4 })).resolves.toEqual([]);
    scope.done();
  });

  it('keeps the filters of the list', async () => {
    const scope = api()
      .get(ROUTES.contacts)
      .query({ tags: 'lead,demo', page: '3', page_size: '100' })
      .once()
      .reply(200, page([], 3, 2, 150));
    const { client } = testClient();
    await expect(client.listContacts({ tags: ['lead', 'demo'] }, { page: 3 })).resolves.toEqual([]);
    scope.done();
  });

  it.each([
    [{ page: 0 }, 'page must be a whole number from 1 (got 0).'],
    [{ page: 1.5 }, 'page must be a whole number from 1 (got 1.5).'],
    [{ page: 2, limit: 10 }, 'Give a page or a limit, not both: a page is 100 items.'],
  ])('refuses %j before asking Clarky', async (options, message) => {
    const { client } = testClient();
    await expect(client.listAgents(options)).rejects.toThrow(new RangeError(message));
  });
});

describe('webhooks', () => {
  it('lists every page of webhooks', async () => {
    const first = webhook({ id: 'wh_1' });
    const second = webhook({ id: 'wh_2', events: ['contact.created'] });
    const scope = api()
      .get(ROUTES.webhooks)
      .query({ page: '1', page_size: '100' })
      .reply(200, page([first], 1, 2, 2))
      .get(ROUTES.webhooks)
      .query({ page: '2', page_size: '100' })
      .reply(200, page([second], 2, 2, 2));
    const { client } = testClient();
    await expect(client.listWebhooks()).resolves.toEqual([first, second]);
    scope.done();
  });

  it('creates a webhook with a JSON body and returns what Clarky stored', async () => {
    const input = {
      name: 'n8n: Bookings',
      url: 'https://n8n.example.com/webhook/abc/clarky',
      events: ['booking.created' as const],
      bot_ids: ['b_1'],
      bearer_token: 'tok_secret_abc',
    };
    const created = { ...webhook({ bot_ids: ['b_1'] }), delivery_stats: { sent: 0 } };
    const scope = api({ reqheaders: { 'content-type': 'application/json' } })
      .post(ROUTES.webhooks, input)
      .reply(201, { data: created });
    const { client } = testClient();
    await expect(client.createWebhook(input)).resolves.toEqual(created);
    scope.done();
  });

  it('updates with a partial body', async () => {
    const scope = api()
      .patch(ROUTES.webhook('wh_1'), { enabled: false })
      .reply(200, { data: webhook({ id: 'wh_1', enabled: false }) });
    const { client } = testClient();
    await expect(client.updateWebhook('wh_1', { enabled: false })).resolves.toMatchObject({ enabled: false });
    scope.done();
  });

  it('deletes a webhook (204, no body)', async () => {
    const scope = api().delete(ROUTES.webhook('wh_1')).reply(204);
    const { client } = testClient();
    await expect(client.deleteWebhook('wh_1')).resolves.toBeUndefined();
    scope.done();
  });

  it('fails to delete a missing webhook, naming it', async () => {
    const scope = api().delete(ROUTES.webhook('wh_gone')).reply(404, clarkyError('not_found', 'Webhook not found'));
    const { client } = testClient();
    const error = await rejection(client.deleteWebhook('wh_gone'));
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(error.message).toContain('webhook wh_gone');
    scope.done();
  });

  it('deletes a missing webhook quietly when asked to ignore it', async () => {
    const scope = api().delete(ROUTES.webhook('wh_gone')).reply(404, clarkyError('not_found', 'Webhook not found'));
    const { client } = testClient();
    await expect(client.deleteWebhook('wh_gone', { ignoreMissing: true })).resolves.toBeUndefined();
    scope.done();
  });

  it('still reports other delete failures when ignoring missing webhooks', async () => {
    const scope = api().delete(ROUTES.webhook('wh_1')).reply(403, clarkyError('forbidden', 'Insufficient scope'));
    const { client } = testClient();
    const error = await rejection(client.deleteWebhook('wh_1', { ignoreMissing: true }));
    expect(error.code).toBe('forbidden');
    scope.done();
  });
});

describe('listSamples and ping', () => {
  it("asks for samples of one event and agent, and returns Clarky's payloads as sent: its order, unknown fields kept", async () => {
    const older = { ...samplePayload('booking.created'), timestamp: '2026-11-20T10:00:00Z' };
    const newer = { ...samplePayload('booking.created'), timestamp: '2026-11-21T10:00:00Z', extra: 1 };
    const scope = api()
      .get(ROUTES.webhookSamples)
      .query({ event: 'booking.created', bot_id: 'b_1' })
      .reply(200, { data: [older, newer] });
    const { client } = testClient();
    await expect(client.listSamples({ event: 'booking.created', botId: 'b_1' })).resolves.toEqual([older, newer]);
    scope.done();
  });

  it('refuses a sample that is not a default payload', async () => {
    const withoutScore: Record<string, unknown> = { ...samplePayload('booking.created') };
    delete withoutScore.sentimentScore;
    const scope = api()
      .get(ROUTES.webhookSamples)
      .query({ event: 'booking.created' })
      .reply(200, { data: [withoutScore] });
    const { client } = testClient();
    const error = await rejection(client.listSamples({ event: 'booking.created' }));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toContain('sentimentScore');
    scope.done();
  });

  it('leaves bot_id out when no agent is chosen, and returns [] when there are none', async () => {
    const scope = api().get(ROUTES.webhookSamples).query({ event: 'contact.created' }).reply(200, { data: [] });
    const { client } = testClient();
    await expect(client.listSamples({ event: 'contact.created' })).resolves.toEqual([]);
    scope.done();
  });

  it('pings with one cheap read of the agents', async () => {
    const scope = api()
      .get(ROUTES.agents)
      .query({ page_size: '1' })
      .reply(200, page([agent(1)], 1, 3, 3));
    const { client } = testClient();
    await expect(client.ping()).resolves.toBeUndefined();
    scope.done();
  });

  it('fails the ping with the 401 advice when the key is wrong', async () => {
    const scope = api().get(ROUTES.agents).query(true).reply(401, clarkyError('unauthorized', 'Invalid API key'));
    const { client } = testClient();
    const error = await rejection(client.ping());
    expect(error.message).toBe('Clarky rejected the API key; create one under Settings > API Keys and use it here.');
    scope.done();
  });
});

describe('malformed answers', () => {
  it('reports a 200 with a non-JSON body as unexpected, pointing at the base URL', async () => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .reply(200, '<html><body>Welcome to nginx</body></html>', { 'Content-Type': 'text/html' });
    const { client } = testClient();
    const error = await rejection(client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 200, code: 'malformed_response' });
    expect(error.message).toMatch(
      /^Clarky answered something unexpected to GET \/webhooks\/wh_1 \(HTTP 200\): a body that is not JSON/,
    );
    expect(error.message).toContain(`base URL (${BASE_URL})`);
    scope.done();
  });

  it('reports JSON of the wrong shape, naming the field', async () => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .reply(200, { data: { ...webhook(), url: 42 } });
    const { client } = testClient();
    const error = await rejection(client.getWebhook('wh_1'));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toContain('JSON of the wrong shape (data.url:');
    scope.done();
  });

  it('reports a JSON content type with a broken body as not JSON', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).reply(200, '{"data": {', { 'Content-Type': 'application/json' });
    const { client } = testClient();
    const error = await rejection(client.getWebhook('wh_1'));
    expect(error.message).toContain('a body that is not JSON');
    scope.done();
  });

  it('reports an empty 200 as unexpected', async () => {
    const scope = api().post(ROUTES.webhooks).reply(200);
    const { client } = testClient();
    const error = await rejection(
      client.createWebhook({ name: 'x', url: 'https://example.com/hook', events: ['contact.created'] }),
    );
    expect(error.code).toBe('malformed_response');
    expect(error.message).toContain('an empty body');
    scope.done();
  });

  it('does not retry a malformed success (it would not change)', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).once().reply(200, { data: null });
    const { client, clock } = testClient();
    await rejection(client.getWebhook('wh_1'));
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });
});
