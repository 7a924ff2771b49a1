/**
 * The Clarky API credential's own test, sent the way n8n's credential tester sends it: the
 * request from `test`, the header from `authenticate`, then the first rule whose status matches
 * gives the message. Against the sandbox for the real answers, nock for a 403.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import nock from 'nock';
import type { ICredentialTestRequest } from 'n8n-workflow';
import { ClarkyApi } from '../credentials/ClarkyApi.credentials';

const credential = new ClarkyApi();

/** Resolves the two expression forms the credential uses; anything else fails the test. */
function resolve(expression: string, values: Record<string, string>): string {
  if (!expression.startsWith('=')) return expression;
  return expression.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the credential has no field ${name}`);
    return value;
  });
}

type Outcome = { status: 'OK' } | { status: 'Error'; message: string };

async function testCredential(values: { apiKey: string; baseUrl: string }): Promise<Outcome> {
  const { request, rules } = credential.test as ICredentialTestRequest;
  const url = new URL(`${resolve(request.baseURL!, values).replace(/\/+$/, '')}${request.url}`);
  for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.set(name, String(value));
  const headers = Object.fromEntries(
    Object.entries(credential.authenticate.properties.headers ?? {}).map(([name, value]) => [
      name,
      resolve(String(value), values),
    ]),
  );
  const response = await fetch(url, { method: request.method ?? 'GET', headers });
  if (response.ok) return { status: 'OK' };
  for (const rule of rules ?? []) {
    if (rule.type === 'responseCode' && rule.properties.value === response.status) {
      return { status: 'Error', message: rule.properties.message };
    }
  }
  return { status: 'Error', message: `Received HTTP status code: ${response.status}` };
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

it('passes with a working key, read-only included', async () => {
  await expect(testCredential({ apiKey: sandbox.keys.write, baseUrl: sandbox.url })).resolves.toEqual({ status: 'OK' });
  await expect(testCredential({ apiKey: sandbox.keys.read, baseUrl: `${sandbox.url}/` })).resolves.toEqual({
    status: 'OK',
  });
});

it('401: tells the user to paste a valid key', async () => {
  const outcome = await testCredential({ apiKey: 'ck_live_revoked_000000000000000000000000', baseUrl: sandbox.url });
  expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/rejected the API key.*API Key/) });
});

it('404: tells the user to check the Base URL', async () => {
  const outcome = await testCredential({ apiKey: sandbox.keys.write, baseUrl: `${sandbox.origin}/api/v9` });
  expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/Base URL/) });
});

it('403: tells the user the key is refused, distinct from 401', async () => {
  const origin = 'http://127.0.0.1:4998';
  nock(origin)
    .get('/api/v1/agents')
    .query(true)
    .reply(403, { error: { code: 'forbidden', message: 'Revoked' } });
  const refused = await testCredential({ apiKey: 'ck_live_x', baseUrl: `${origin}/api/v1` });
  const rejected = await testCredential({ apiKey: 'ck_live_y', baseUrl: sandbox.url });
  expect(refused).toEqual({ status: 'Error', message: expect.stringMatching(/refused this API key/) });
  expect(refused).not.toEqual(rejected);
  nock.cleanAll();
});
