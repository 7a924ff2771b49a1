/**
 * What the user reads when Clarky says no. nock plays Clarky for answers the sandbox can't be
 * made to give on demand (403, 422 details, 429, 5xx); the messages come from the core client
 * and reach n8n as NodeOperationErrors. The node runs in n8n-core's HookContext and
 * LoadOptionsContext; its requests go through n8n-core's HTTP helpers (intercepted by nock).
 */
import { BACKGROUND_RETRY, ROUTES } from '@clarky/core';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { clarkyTrigger, type ClarkyCredentials } from './n8n-runtime';

// A test here may be the one that loads n8n-core first, over real HTTP: more than the unit default (scripts/jest).
jest.setTimeout(30_000);

const origin = 'http://127.0.0.1:4999';
const baseUrl = `${origin}/api/v1`;
/** A Clarky account per test (the node shares webhook listings per account): a key of its own. */
let apiKey: string;
let tests = 0;
const trigger = new ClarkyTrigger();

const clarkyError = (code: string, message: string, details?: unknown) => ({ error: { code, message, details } });
// Retry-After: 0 lets the client's retries run without waiting.
const noWait = { 'Retry-After': '0' };
// Activation waits out Clarky's answers for up to BACKGROUND_RETRY's attempts before it gives up.
const ATTEMPTS = BACKGROUND_RETRY.attempts!;
/** The webhook listing (one page) that create reads first and that checkExists reads from. */
const listing = (webhooks: object[] = []) => ({
  data: webhooks,
  pagination: { page: 1, page_size: 100, total: webhooks.length, total_pages: 1 },
});
const listed = () => nock(origin).get(`/api/v1${ROUTES.webhooks}`).query(true);

function hook(staticData: IDataObject = {}, credentials: ClarkyCredentials = { apiKey, baseUrl }) {
  return clarkyTrigger({ credentials, parameters: { events: ['booking.created'] }, staticData });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: 'NodeOperationError' });
  expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(apiKey);
  return error as Error;
}

const call = (method: 'checkExists' | 'create' | 'delete', staticData?: IDataObject) =>
  hook(staticData).webhookMethod(method);
const [checkExists, create, remove] = ['checkExists', 'create', 'delete'] as const;

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  apiKey = `ck_live_${String(++tests).padStart(32, '0')}`;
});
afterEach(() => {
  expect(nock.isDone()).toBe(true);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('errors Clarky answers', () => {
  it('401: says the API key was rejected and where to get one', async () => {
    listed().reply(401, clarkyError('unauthorized', 'Invalid API key'));
    nock(origin).post(`/api/v1${ROUTES.webhooks}`).reply(401, clarkyError('unauthorized', 'Invalid API key'));
    const error = await failure(call(create));
    expect(error.message).toMatch(/rejected the API key.*Settings > API Keys/);
  });

  it('403 on a write: says the key needs the write scope', async () => {
    listed().reply(200, listing());
    nock(origin).post(`/api/v1${ROUTES.webhooks}`).reply(403, clarkyError('forbidden', 'Key lacks write scope'));
    const error = await failure(call(create));
    expect(error.message).toMatch(/write scope/);
  });

  it('403 on loading agents: says the key is refused', async () => {
    nock(origin).get(`/api/v1${ROUTES.agents}`).query(true).reply(403, clarkyError('forbidden', 'Not allowed'));
    const error = await failure(trigger.methods.loadOptions.getAgents.call(hook().loadOptionsContext()));
    expect(error.message).toMatch(/refused this API key/);
  });

  it('a webhook missing from Clarky\'s listing on checkExists means "register again", not an error', async () => {
    listed().reply(200, listing());
    await expect(call(checkExists, { webhookId: 'wh_gone', bearerToken: 'secret' })).resolves.toBe(false);
  });

  it('422: names each field Clarky refused', async () => {
    listed().reply(200, listing());
    nock(origin)
      .post(`/api/v1${ROUTES.webhooks}`)
      .reply(422, clarkyError('validation_error', 'Invalid webhook', { url: 'must be reachable from Clarky' }));
    const error = await failure(call(create));
    expect(error.message).toContain('url: must be reachable from Clarky');
  });

  it('429: retries as told, then says the key is rate limited', async () => {
    listed().reply(200, listing());
    nock(origin)
      .post(`/api/v1${ROUTES.webhooks}`)
      .times(ATTEMPTS)
      .reply(429, clarkyError('rate_limited', 'Slow down'), noWait);
    const error = await failure(call(create));
    expect(error.message).toMatch(/rate limiting/);
  });

  it('5xx on delete: retries, then surfaces the failure and keeps the webhook remembered', async () => {
    const staticData = { webhookId: 'wh_1', bearerToken: 'secret' };
    nock(origin)
      .delete(`/api/v1${ROUTES.webhook('wh_1')}`)
      .times(ATTEMPTS)
      .reply(500, clarkyError('internal_error', 'Oops'), noWait);
    const error = await failure(call(remove, staticData));
    expect(error.message).toMatch(/HTTP 500.*try again later/);
    expect(staticData).toEqual({ webhookId: 'wh_1', bearerToken: 'secret' });
  });

  it('5xx on checkExists: surfaces the failure instead of registering a duplicate', async () => {
    listed().times(ATTEMPTS).reply(503, 'Service Unavailable', noWait);
    const error = await failure(call(checkExists, { webhookId: 'wh_1', bearerToken: 'secret' }));
    expect(error.message).toMatch(/HTTP 503/);
  });

  it('a transient 5xx on delete is retried and succeeds', async () => {
    const staticData = { webhookId: 'wh_1', bearerToken: 'secret' };
    nock(origin)
      .delete(`/api/v1${ROUTES.webhook('wh_1')}`)
      .reply(502, '', noWait);
    nock(origin)
      .delete(`/api/v1${ROUTES.webhook('wh_1')}`)
      .reply(204);
    await expect(call(remove, staticData)).resolves.toBe(true);
    expect(staticData).toEqual({});
  });
});

describe('errors without an answer', () => {
  beforeAll(() => nock.enableNetConnect('127.0.0.1'));

  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  const unreachable = () =>
    failure(
      trigger.methods.loadOptions.getAgents.call(
        hook({}, { apiKey, baseUrl: 'http://127.0.0.1:1/api/v1' }).loadOptionsContext(),
      ),
    );

  // n8n-workflow's NodeOperationError replaces a message naming a common errno with generic text ("The service
  // refused the connection - perhaps it is offline"); the node keeps the client's advice.
  it('unreachable: says to check the base URL', async () => {
    const error = await unreachable();
    expect(error.message).toMatch(/Could not reach Clarky at http:\/\/127\.0\.0\.1:1\/api\/v1.*base URL/);
    expect(error.message).not.toContain('perhaps it is offline');
  });
});
