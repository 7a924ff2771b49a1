import nock from 'nock';
import { ROUTES } from '../src/api/routes';
import type { Transport } from '../src/api/transport';
import { fetchTransport } from '../src/fetch-transport';
import { DEFAULT_RETRY, resolveRetryPolicy, retryAfterSeconds } from '../src/api/retry';
import {
  BASE_URL,
  NO_ANSWER_MS,
  clarkyError,
  fakeClock,
  isolateNetwork,
  rejection,
  sequence,
  testClient,
  webhook,
} from './client-fixtures';

isolateNetwork();

const api = () => nock(BASE_URL);
const rateLimited = clarkyError('rate_limited', 'Too many requests');
const broken = clarkyError('internal_error', 'Something broke');
const found = { data: webhook({ id: 'wh_1' }) };
const input = { name: 'Bookings', url: 'https://example.com/hook', events: ['booking.created' as const] };
const created = { data: webhook() };
const secondsFromStart = (seconds: number) => new Date(fakeClock().now() + seconds * 1000).toUTCString();

/** A GET that first fails as `fail` answers it, then succeeds: the waits in between. */
async function recoveringGet(
  fail: (get: nock.Interceptor) => nock.Scope,
  options: Parameters<typeof testClient>[0] = {},
): Promise<number[]> {
  const scope = fail(api().get(ROUTES.webhook('wh_1')))
    .get(ROUTES.webhook('wh_1'))
    .reply(200, found);
  const { client, clock } = testClient(options);
  await expect(client.getWebhook('wh_1')).resolves.toMatchObject({ id: 'wh_1' });
  scope.done();
  return clock.sleeps;
}

/** The waits of a GET that met one 429 with these headers, then succeeded. */
const waitsAfterRateLimit = (headers: Record<string, string>) =>
  recoveringGet((get) => get.reply(429, rateLimited, headers));

/** A GET that Clarky fails `times` times in a row: the error thrown and the waits before it. */
async function failingGet(
  times: number,
  answer: { status: number; body?: unknown; headers?: Record<string, string> },
  options: Parameters<typeof testClient>[0] = {},
) {
  const scope = api()
    .get(ROUTES.webhook('wh_1'))
    .times(times)
    .reply(answer.status, answer.body ?? (answer.status === 429 ? rateLimited : broken), answer.headers);
  const { client, clock } = testClient(options);
  const error = await rejection(client.getWebhook('wh_1'));
  scope.done();
  return { error, sleeps: clock.sleeps };
}

describe('rate limits', () => {
  it('waits as long as Retry-After says, then succeeds', async () => {
    expect(await waitsAfterRateLimit({ 'Retry-After': '2', 'X-RateLimit-Remaining': '0' })).toEqual([2_000]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    expect(await waitsAfterRateLimit({ 'Retry-After': secondsFromStart(5) })).toEqual([5_000]);
  });

  it('without Retry-After, waits for X-RateLimit-Reset when no requests are left', async () => {
    const reset = Math.floor(fakeClock().now() / 1000) + 7;
    const headers = { 'X-RateLimit-Limit': '120', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) };
    expect(await waitsAfterRateLimit(headers)).toEqual([7_000]);
  });

  it('fails at once, without sleeping, when Retry-After is beyond the time budget', async () => {
    const { error, sleeps } = await failingGet(
      1,
      { status: 429, headers: { 'Retry-After': '120' } },
      { retry: { maxTotalMs: 30_000 } },
    );
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 120 });
    expect(error.message).toBe('Clarky is rate limiting this API key; retry after 120 s.');
    expect(sleeps).toEqual([]);
  });

  it('stops after the configured attempts and throws the last 429', async () => {
    const retry = { attempts: 3 };
    const { error, sleeps } = await failingGet(3, { status: 429, headers: { 'Retry-After': '1' } }, { retry });
    expect(error.code).toBe('rate_limited');
    expect(sleeps).toEqual([1_000, 1_000]);
  });

  it('honours Retry-After on a 503 too', async () => {
    const scope = api()
      .delete(ROUTES.webhook('wh_1'))
      .reply(503, 'Service Unavailable', { 'Retry-After': '3' })
      .delete(ROUTES.webhook('wh_1'))
      .reply(204);
    const { client, clock } = testClient();
    await client.deleteWebhook('wh_1');
    expect(clock.sleeps).toEqual([3_000]);
    scope.done();
  });
});

describe('exponential backoff with full jitter', () => {
  it('doubles the ceiling each retry and scales it by the random draw', async () => {
    // Ceilings 500, 1000, 2000 ms.
    const options = { random: sequence(0.5, 0.25, 0.75), retry: { baseDelayMs: 500 } };
    expect(await recoveringGet((get) => get.times(3).reply(503, broken), options)).toEqual([250, 250, 1_500]);
  });

  it('never lets the ceiling grow past maxDelayMs', async () => {
    const { sleeps } = await failingGet(
      4,
      { status: 500 },
      { random: sequence(0.999), retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_500, maxTotalMs: 60_000 } },
    );
    expect(sleeps).toEqual([999, 1_498, 1_498]);
  });

  it('gives up when the next wait would overrun the total time budget', async () => {
    // First wait 900 ms fits in 2 s; the second (0.9 * 2000 = 1800 ms) would not.
    const { error, sleeps } = await failingGet(
      2,
      { status: 500 },
      { random: sequence(0.9), retry: { attempts: 10, baseDelayMs: 1_000, maxTotalMs: 2_000 } },
    );
    expect(error.status).toBe(500);
    expect(sleeps).toEqual([900]);
  });

  it('does not retry at all with attempts: 1', async () => {
    expect((await failingGet(1, { status: 500 }, { retry: { attempts: 1 } })).sleeps).toEqual([]);
  });
});

describe('what is retried', () => {
  it.each([400, 401, 403, 404, 409, 422])('never retries a %i', async (status) => {
    expect((await failingGet(1, { status, body: clarkyError('any', 'No') })).sleeps).toEqual([]);
  });

  it('retries a GET after a network error', async () => {
    const sleeps = await recoveringGet((get) => get.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' }));
    expect(sleeps).toHaveLength(1);
  });

  it('retries a GET after a timeout', async () => {
    const scope = api()
      .get(ROUTES.webhook('wh_1'))
      .delay(NO_ANSWER_MS)
      .reply(200, found)
      .get(ROUTES.webhook('wh_1'))
      .reply(200, found);
    // The first attempt hangs until the client's 30 ms timeout aborts it; the retry gets all the time an answer needs
    // (with 30 ms for it too, the answer once came late on a loaded machine and the retry timed out as well).
    const http = fetchTransport();
    let attempts = 0;
    const send: Transport['send'] = (request) =>
      http.send(attempts++ === 0 ? request : { ...request, timeoutMs: 60_000 });
    const clock = fakeClock();
    const { client } = testClient({ timeoutMs: 30, transport: { send, sleep: clock.sleep } });
    await expect(client.getWebhook('wh_1')).resolves.toMatchObject({ id: 'wh_1' });
    scope.done();
    expect(attempts).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('caps each attempt at what is left of the time budget', async () => {
    const scope = api().get(ROUTES.webhook('wh_1')).delay(NO_ANSWER_MS).reply(200, found);
    const { client } = testClient({ timeoutMs: 10_000, retry: { maxTotalMs: 40 } });
    const error = await rejection(client.getWebhook('wh_1'));
    expect(error.message).toContain('did not answer within 40 ms');
    scope.done();
  });

  it('retries PATCH and DELETE after a 5xx (repeating them changes nothing)', async () => {
    const scope = api()
      .patch(ROUTES.webhook('wh_1'))
      .reply(502, 'Bad Gateway')
      .patch(ROUTES.webhook('wh_1'))
      .reply(200, found)
      .delete(ROUTES.webhook('wh_1'))
      .reply(500, broken)
      .delete(ROUTES.webhook('wh_1'))
      .reply(204);
    const { client, clock } = testClient();
    await client.updateWebhook('wh_1', { enabled: true });
    await client.deleteWebhook('wh_1');
    expect(clock.sleeps).toHaveLength(2);
    scope.done();
  });
});

describe('creating a webhook is retried only when Clarky cannot have acted on it', () => {
  it('is not retried after a 5xx: the webhook may exist, a retry could duplicate it', async () => {
    const scope = api().post(ROUTES.webhooks).once().reply(500, broken);
    const { client, clock } = testClient();
    const error = await rejection(client.createWebhook(input));
    expect(error.message).toContain('look for it in Clarky before creating it again');
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('is not retried after a timeout', async () => {
    const scope = api().post(ROUTES.webhooks).once().delay(NO_ANSWER_MS).reply(201, created);
    const { client } = testClient({ timeoutMs: 30 });
    const error = await rejection(client.createWebhook(input));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('It may have been created anyway');
    scope.done();
  });

  it('is not retried after a connection reset mid-request', async () => {
    const scope = api().post(ROUTES.webhooks).once().replyWithError({ code: 'ECONNRESET', message: 'reset' });
    const { client, clock } = testClient();
    await rejection(client.createWebhook(input));
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('is retried after a 429 (the rate limiter refuses before any work)', async () => {
    const scope = api()
      .post(ROUTES.webhooks)
      .reply(429, rateLimited, { 'Retry-After': '1' })
      .post(ROUTES.webhooks)
      .reply(201, created);
    const { client, clock } = testClient();
    await expect(client.createWebhook(input)).resolves.toMatchObject({ id: created.data.id });
    expect(clock.sleeps).toEqual([1_000]);
    scope.done();
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND'])('is retried after %s (the request never left)', async (code) => {
    const scope = api()
      .post(ROUTES.webhooks)
      .replyWithError({ code, message: code })
      .post(ROUTES.webhooks)
      .reply(201, created);
    const { client } = testClient();
    await expect(client.createWebhook(input)).resolves.toMatchObject({ id: created.data.id });
    scope.done();
  });
});

describe('what the default policy does', () => {
  it('tries a failing GET 4 times in all, waiting under 0.5, 1 and 2 s between tries', async () => {
    const { error, sleeps } = await failingGet(4, { status: 503 }, { random: sequence(0.999) });
    expect(error.status).toBe(503);
    expect(sleeps).toEqual([499, 999, 1_998]);
  });

  it('stops the backoff ceiling growing at 8 s (more attempts asked for, all within 30 s)', async () => {
    const { sleeps } = await failingGet(7, { status: 503 }, { random: sequence(0.999), retry: { attempts: 7 } });
    expect(sleeps).toEqual([499, 999, 1_998, 3_996, 7_992, 7_992]);
  });

  it('gives up within 30 s: after two 10 s waits a third would reach the budget, so the 429 is thrown', async () => {
    const { error, sleeps } = await failingGet(3, { status: 429, headers: { 'Retry-After': '10' } });
    expect(error.status).toBe(429);
    expect(sleeps).toEqual([10_000, 10_000]);
  });
});

describe('retry arithmetic', () => {
  it('refuses nonsense settings', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow('retry.attempts must be an integer >= 1');
    expect(() => resolveRetryPolicy({ attempts: 2.5 })).toThrow('retry.attempts');
    expect(() => resolveRetryPolicy({ maxTotalMs: -1 })).toThrow('retry.maxTotalMs must be a finite number >= 0');
    expect(resolveRetryPolicy({ attempts: undefined }).attempts).toBe(DEFAULT_RETRY.attempts);
  });

  it('reads Retry-After and the rate-limit headers', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const answer = (status: number, headers: Record<string, string>) => ({ status, headers, body: undefined });
    expect(retryAfterSeconds(answer(429, { 'retry-after': '0' }), now)).toBe(0);
    expect(retryAfterSeconds(answer(429, { 'retry-after': ' 30 ' }), now)).toBe(30);
    expect(retryAfterSeconds(answer(429, { 'retry-after': 'Thu, 26 Nov 2026 12:00:10 GMT' }), now)).toBe(10);
    expect(retryAfterSeconds(answer(429, { 'retry-after': 'Thu, 26 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterSeconds(answer(429, { 'retry-after': 'soon' }), now)).toBeUndefined();
    const reset = String(now / 1000 + 12);
    expect(retryAfterSeconds(answer(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), now)).toBe(12);
    expect(retryAfterSeconds(answer(429, { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }), now)).toBe(
      undefined,
    );
    expect(retryAfterSeconds(answer(500, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), now)).toBe(
      undefined,
    );
  });
});
