import nock from 'nock';
import { ROUTES } from '../src/api/routes';
import { ClarkyApiError } from '../src/api/errors';
import { REDACTED } from '../src/api/redact';
import {
  API_KEY,
  BASE_URL,
  NO_ANSWER_MS,
  clarkyError,
  everythingShown,
  isolateNetwork,
  rejection,
  testClient,
  webhook,
} from './client-fixtures';

isolateNetwork();

const api = () => nock(BASE_URL);
const noRetry = { retry: { attempts: 1 } };
const input = { name: 'Bookings', url: 'https://example.com/hook', events: ['booking.created' as const] };

describe('each documented error becomes a ClarkyApiError that says what to do', () => {
  it('400 bad_request: blames the integration and quotes Clarky', async () => {
    const scope = api().post(ROUTES.webhooks).reply(400, clarkyError('bad_request', 'Body is not valid JSON'));
    const error = await rejection(testClient().client.createWebhook(input));
    expect(error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(error.message).toBe(
      'Clarky refused the request as invalid: Body is not valid JSON. This is likely a bug in the Clarky integration; please report it.',
    );
    scope.done();
  });

  it('401 unauthorized: says where to create a key', async () => {
    const scope = api().get(ROUTES.agents).query(true).reply(401, clarkyError('unauthorized', 'Invalid API key'));
    const error = await rejection(testClient().client.listAgents());
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(error.message).toMatch(/^Clarky rejected the API key; create one under Settings > API Keys/);
    scope.done();
  });

  it('403 forbidden on a write: the key lacks the write scope', async () => {
    const scope = api().post(ROUTES.webhooks).reply(403, clarkyError('forbidden', 'Key has read scope only'));
    const error = await rejection(testClient().client.createWebhook(input));
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(error.message).toMatch(/lacks the write scope; create a key with write scope under Settings > API Keys/);
    scope.done();
  });

  it('403 forbidden on a read: quotes Clarky and points at the workspace', async () => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .reply(403, clarkyError('forbidden', 'Webhook belongs to another workspace'));
    const error = await rejection(testClient().client.getWebhook('wh_1'));
    expect(error.message).toBe(
      'Clarky refused this API key access: Webhook belongs to another workspace. Check that the key belongs to the right workspace.',
    );
    scope.done();
  });

  it('404 not_found: names the missing webhook', async () => {
    const scope = api().patch(ROUTES.webhook('wh_9')).reply(404, clarkyError('not_found', 'No such webhook'));
    const error = await rejection(testClient().client.updateWebhook('wh_9', { enabled: true }));
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(error.message).toBe('Clarky has no webhook wh_9; it may have been deleted.');
    scope.done();
  });

  it('404 on a list: suspects the base URL', async () => {
    const scope = api()
      .get(ROUTES.webhooks)
      .query(true)
      .reply(404, '<h1>Not Found</h1>', { 'Content-Type': 'text/html' });
    const error = await rejection(testClient().client.listWebhooks());
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(error.message).toBe(`Clarky has nothing at GET /webhooks; check the base URL (${BASE_URL}).`);
    scope.done();
  });

  it('404 on a create: the endpoint is missing, so suspects the base URL', async () => {
    const scope = api().post(ROUTES.webhooks).reply(404, clarkyError('not_found', 'Not found'));
    const error = await rejection(testClient().client.createWebhook(input));
    expect(error.message).toBe(`Clarky has nothing at POST /webhooks; check the base URL (${BASE_URL}).`);
    scope.done();
  });

  it('409 conflict: quotes Clarky and says to reload', async () => {
    const scope = api()
      .patch(ROUTES.webhook('wh_1'))
      .reply(409, clarkyError('conflict', 'Webhook was changed meanwhile'));
    const error = await rejection(testClient().client.updateWebhook('wh_1', { name: 'New' }));
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect(error.message).toBe(
      'Clarky reported a conflict with webhook wh_1: Webhook was changed meanwhile. Reload it and try again.',
    );
    scope.done();
  });

  it('422 validation_error: summarises the details per field and keeps them', async () => {
    const details = {
      url: 'must be an http or https URL',
      events: ['unknown event booking.noshow', 'must not repeat'],
    };
    const scope = api()
      .post(ROUTES.webhooks)
      .reply(422, clarkyError('validation_error', 'Invalid webhook', details));
    const error = await rejection(testClient().client.createWebhook(input));
    expect(error).toMatchObject({ status: 422, code: 'validation_error', details });
    expect(error.message).toBe(
      'Clarky refused the webhook: url: must be an http or https URL; events: unknown event booking.noshow, must not repeat. Fix these fields and try again.',
    );
    scope.done();
  });

  it('422 validation_error: reads details given as a list of field problems', async () => {
    const details = [{ field: 'payload_template', message: 'line 3, column 14: unknown variable {{firstname}}' }];
    const scope = api()
      .patch(ROUTES.webhook('wh_1'))
      .reply(422, clarkyError('validation_error', 'Invalid', details));
    const error = await rejection(testClient().client.updateWebhook('wh_1', { payload_template: '{}' }));
    expect(error.message).toBe(
      'Clarky refused the webhook wh_1: payload_template: line 3, column 14: unknown variable {{firstname}}. Fix this field and try again.',
    );
    scope.done();
  });

  it('429 rate_limited: says how long to wait', async () => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .reply(429, clarkyError('rate_limited', 'Too many requests'), { 'Retry-After': '17' });
    const error = await rejection(testClient(noRetry).client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 17 });
    expect(error.message).toBe('Clarky is rate limiting this API key; retry after 17 s.');
    scope.done();
  });

  it('500 internal_error: Clarky had a problem, try later', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).reply(500, clarkyError('internal_error', 'Something broke'));
    const error = await rejection(testClient(noRetry).client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 500, code: 'internal_error' });
    expect(error.message).toBe('Clarky had a problem (HTTP 500); try again later.');
    scope.done();
  });

  it.each([502, 503])(
    '%i with an HTML page from a proxy: still a Clarky problem, not a parse failure',
    async (status) => {
      const scope = api()
        .get(ROUTES.webhook('wh_1'))
        .reply(status, '<html><title>Bad Gateway</title></html>', { 'Content-Type': 'text/html' });
      const error = await rejection(testClient(noRetry).client.getWebhook('wh_1'));
      expect(error).toMatchObject({ status, code: 'internal_error', details: undefined });
      expect(error.message).toBe(`Clarky had a problem (HTTP ${status}); try again later.`);
      scope.done();
    },
  );

  it('a 5xx on create warns that the webhook may exist already', async () => {
    const scope = api().post(ROUTES.webhooks).reply(500, clarkyError('internal_error', 'Oops'));
    const error = await rejection(testClient().client.createWebhook(input));
    expect(error.message).toBe(
      'Clarky had a problem (HTTP 500); try again later. It may have been created anyway: look for it in Clarky before creating it again.',
    );
    scope.done();
  });

  it('keeps an unknown Clarky code as it is', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).reply(410, clarkyError('gone', 'Webhooks moved to v2'));
    const error = await rejection(testClient().client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 410, code: 'gone' });
    expect(error.message).toBe('Clarky answered HTTP 410 to GET /webhooks/wh_1: Webhooks moved to v2.');
    scope.done();
  });
});

describe('no answer at all', () => {
  it('a network error says the base URL could not be reached, status 0', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const error = await rejection(testClient(noRetry).client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toBe(
      `Could not reach Clarky at ${BASE_URL} (ECONNRESET); check the base URL and the network connection.`,
    );
    scope.done();
  });

  it('a timeout says how long it waited, status 0', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).delay(NO_ANSWER_MS).reply(200, { data: webhook() });
    const error = await rejection(testClient({ ...noRetry, timeoutMs: 30 }).client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(error.message).toBe(`Clarky at ${BASE_URL} did not answer within 30 ms; try again later.`);
    scope.done();
  });
});

describe('secrets never leak', () => {
  const token = 'whtok_3b1f0c9d8e7a6b5c4d3e2f1a0b9c8d7e';
  const keyInUrl = `https://user:${API_KEY}@clarky.test/api/v1`;

  it('the API key and bearer token echoed by Clarky are redacted from message and details', async () => {
    const echo = `Authorization: Bearer ${API_KEY}; bearer_token=${token}`;
    const scope = api()
      .post(ROUTES.webhooks)
      .reply(422, clarkyError('validation_error', echo, { bearer_token: `${token} is too weak`, [API_KEY]: 'odd' }));
    const error = await rejection(testClient().client.createWebhook({ ...input, bearer_token: token }));
    const shown = everythingShown(error);
    expect(shown).not.toContain(API_KEY);
    expect(shown).not.toContain(token);
    expect(error.message).toContain(`bearer_token: ${REDACTED} is too weak`);
    scope.done();
  });

  it('a long echoed message cut short still hides the key', async () => {
    const long = `${'x'.repeat(280)} ${API_KEY}`;
    const scope = api().get(ROUTES.webhook('wh_1')).reply(409, clarkyError('conflict', long));
    const error = await rejection(testClient().client.getWebhook('wh_1'));
    expect(everythingShown(error)).not.toContain(API_KEY.slice(0, 12));
    scope.done();
  });

  it('a token sent in an update is redacted too', async () => {
    const scope = api()
      .patch(ROUTES.webhook('wh_1'))
      .reply(400, clarkyError('bad_request', `bad token ${token}`));
    const error = await rejection(testClient().client.updateWebhook('wh_1', { bearer_token: token }));
    expect(everythingShown(error)).not.toContain(token);
    scope.done();
  });

  it('a base URL with credentials in it is shown without them', async () => {
    // fetch refuses such URLs before sending: the failure must still not echo the URL whole.
    const error = await rejection(testClient({ ...noRetry, baseUrl: keyInUrl }).client.getWebhook('wh_1'));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toContain('Could not reach Clarky at https://clarky.test/api/v1;');
    expect(everythingShown(error)).not.toContain(API_KEY);
  });

  it('a transport error holding the request (as n8n and axios errors do) is not kept', async () => {
    const leaky = Object.assign(new Error(`connect ECONNREFUSED; headers: Bearer ${API_KEY}`), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: `Bearer ${API_KEY}` } },
    });
    const { client } = testClient({
      ...noRetry,
      transport: { send: () => Promise.reject(leaky), sleep: async () => {} },
    });
    const error = await rejection(client.getWebhook('wh_1'));
    expect(error.code).toBe('network_error');
    expect(everythingShown(error)).not.toContain(API_KEY);
    expect(error).not.toHaveProperty('cause');
  });

  it('JSON.stringify shows what a log needs and nothing else', () => {
    const error = new ClarkyApiError({ status: 429, code: 'rate_limited', message: 'wait', retryAfterSeconds: 3 });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ClarkyApiError',
      status: 429,
      code: 'rate_limited',
      message: 'wait',
      retryAfterSeconds: 3,
    });
    expect(error.stack).toMatch(/^ClarkyApiError: wait/);
  });
});
