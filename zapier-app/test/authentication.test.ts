import nock from 'nock';
import { READ_ONLY_KEY_MESSAGE } from '../src/authentication';
import {
  API,
  API_KEY,
  App,
  ORIGIN,
  agent,
  appTester,
  authData,
  errorBody,
  listPage,
  zapierErrorFields,
} from './fixtures';

const { test, connectionLabel } = App.authentication as unknown as {
  test: Parameters<typeof appTester>[0];
  connectionLabel: Parameters<typeof appTester>[0];
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** The key works for a read; the write probe (a delete of a webhook that cannot exist) answers `status`. */
const keyWorksThenWriteProbe = (status: number, body: ReturnType<typeof errorBody>) =>
  nock(ORIGIN)
    .get(`${API}/agents`)
    .query(true)
    .reply(200, listPage([agent(1)]))
    .delete(/\/webhooks\//)
    .reply(status, body);

describe('authentication', () => {
  it('tests the key with GET /agents?page_size=1, then its write scope on a webhook that cannot exist, as a bearer key', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${API_KEY}` } })
      .get(`${API}/agents`)
      .query({ page_size: '1' })
      .reply(200, listPage([agent(1)]))
      .delete(`${API}/webhooks/wh_zapier-connection-test`)
      .reply(404, errorBody('not_found', 'No webhook wh_zapier-connection-test'));
    await expect(appTester(test, { authData })).resolves.toBeDefined();
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a read-only key (403 on the write probe) in words that say which scope Zaps need', async () => {
    keyWorksThenWriteProbe(403, errorBody('forbidden', 'This API key is read-only.'));
    const error = await appTester(test, { authData }).catch((caught: unknown) => caught);
    expect(zapierErrorFields(error)).toMatchObject({ status: 403, message: READ_ONLY_KEY_MESSAGE });
    expect(READ_ONLY_KEY_MESSAGE).toMatch(/write scope/);
  });

  it('lets a key pass when the write probe answers anything but 403: that says nothing about its scope', async () => {
    keyWorksThenWriteProbe(400, errorBody('bad_request', 'Malformed id'));
    await expect(appTester(test, { authData })).resolves.toEqual({ ok: true });
  });

  it('turns a 401 into an expired-connection error that says where to make a key, without the key', async () => {
    nock(ORIGIN)
      .get(`${API}/agents`)
      .query(true)
      .reply(401, errorBody('unauthorized', `Invalid API key ${API_KEY}`));
    const error = await appTester(test, { authData }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ExpiredAuthError' });
    expect((error as Error).message).toMatch(/Settings > API Keys/);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it('labels the connection with the workspace and its first agents, never the key', async () => {
    nock(ORIGIN)
      .get(`${API}/agents`)
      .query(true)
      .reply(200, listPage([agent(1), agent(2), agent(3)]));
    const label = await appTester(connectionLabel, { authData, inputData: {} });
    expect(label).toBe('Workspace w_01HWORKSPACE (Agent 1, Agent 2 +1)');
    expect(String(label)).not.toContain(API_KEY);
  });

  it('still labels a workspace that has no agents yet', async () => {
    nock(ORIGIN).get(`${API}/agents`).query(true).reply(200, listPage([]));
    await expect(appTester(connectionLabel, { authData, inputData: {} })).resolves.toBe(
      'Clarky workspace without agents',
    );
  });

  it('retries a short rate limit in place, then reports a long one as throttled with its Retry-After', async () => {
    nock(ORIGIN)
      .get(`${API}/agents`)
      .query(true)
      .reply(429, errorBody('rate_limited', 'Slow down'), { 'Retry-After': '0' })
      .get(`${API}/agents`)
      .query(true)
      .reply(429, errorBody('rate_limited', 'Slow down'), { 'Retry-After': '120' });
    const error = await appTester(test, { authData }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ThrottledError' });
    expect(zapierErrorFields(error)).toMatchObject({ delay: 120, message: expect.stringMatching(/retry after 120 s/) });
  });
});

describe('API key middleware', () => {
  it('sends the key to Clarky only, never to another host', async () => {
    const elsewhere = nock('https://elsewhere.example.com', { badheaders: ['authorization'] })
      .get('/resource')
      .reply(200, {});
    await appTester(async (z) => (await z.request({ url: 'https://elsewhere.example.com/resource' })).status, {
      authData,
    });
    expect(elsewhere.isDone()).toBe(true);
  });

  it('follows CLARKY_BASE_URL, for the sandbox and tests', async () => {
    process.env.CLARKY_BASE_URL = 'https://sandbox.example.com/api/v1/';
    try {
      const scope = nock('https://sandbox.example.com', { reqheaders: { authorization: `Bearer ${API_KEY}` } })
        .get('/api/v1/agents')
        .query({ page_size: '1' })
        .reply(200, listPage([]))
        .delete(/\/api\/v1\/webhooks\//)
        .reply(404, errorBody('not_found', 'No such webhook'));
      await appTester(test, { authData });
      expect(scope.isDone()).toBe(true);
    } finally {
      delete process.env.CLARKY_BASE_URL;
    }
  });
});
