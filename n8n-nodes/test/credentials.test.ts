/**
 * The Clarky API credential's own test, run as n8n's credential dialog runs it: the declarative `test` request through
 * n8n-core's RoutingNode and request helpers (base URL and header resolved by n8n from the credential), then the
 * first rule whose status matches gives the message. Against the sandbox for the real answers, nock for a 403.
 */
import { ROUTES } from '@clarky/core';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import nock from 'nock';
import { testCredential } from './n8n-cli';
import { credentialType } from './n8n-runtime';

// A test here may be the one that loads n8n-core first, over real HTTP: more than the unit default (scripts/jest).
jest.setTimeout(30_000);

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

const check = (apiKey: string, baseUrl: string) => testCredential(credentialType, { apiKey, baseUrl });

it('passes with a working key, read-only included', async () => {
  await expect(check(sandbox.keys.write, sandbox.url)).resolves.toMatchObject({ status: 'OK' });
  await expect(check(sandbox.keys.read, `${sandbox.url}/`)).resolves.toMatchObject({ status: 'OK' });
});

it('401: tells the user the key was rejected and where to make one', async () => {
  const revoked = 'ck_live_revoked_000000000000000000000000';
  const outcome = await check(revoked, sandbox.url);
  expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/rejected the API key/) });
  expect(outcome.message).toContain('Settings > API Keys');
  expect(outcome.message).not.toContain(revoked);
});

it('404: tells the user to check the Base URL, and what Clarky’s is', async () => {
  const outcome = await check(sandbox.keys.write, `${sandbox.origin}/api/v9`);
  expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/check the base URL/i) });
  expect(outcome.message).toContain('https://clarky.ai/api/v1');
});

it('403: tells the user the key is refused, distinct from 401', async () => {
  const origin = 'http://127.0.0.1:4998';
  nock(origin)
    .get(`/api/v1${ROUTES.agents}`)
    .query(true)
    .once()
    .reply(403, { error: { code: 'forbidden', message: 'Revoked' } });
  try {
    const refused = await check('ck_live_x', `${origin}/api/v1`);
    const rejected = await check('ck_live_y', sandbox.url);
    expect(refused).toEqual({ status: 'Error', message: expect.stringMatching(/refused this API key/) });
    expect(refused).not.toEqual(rejected);
  } finally {
    nock.cleanAll();
  }
});

it('sends the key as n8n applies the credential: a Bearer header', async () => {
  const origin = 'http://127.0.0.1:4997';
  const seen = nock(origin)
    .get(`/api/v1${ROUTES.agents}`)
    .query({ page_size: '1' })
    .matchHeader('authorization', 'Bearer ck_live_header_check')
    .reply(200, { data: [], has_more: false });
  try {
    await expect(check('ck_live_header_check', `${origin}/api/v1`)).resolves.toMatchObject({ status: 'OK' });
    expect(seen.isDone()).toBe(true);
  } finally {
    nock.cleanAll();
  }
});

it('shows the network error code when nothing listens at the Base URL', async () => {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  await expect(check(sandbox.keys.write, 'http://127.0.0.1:1/api/v1')).resolves.toEqual({
    status: 'Error',
    message: 'ECONNREFUSED',
  });
});
