/**
 * webhook(): the token check, and the payload handed on as exactly one item, unchanged. Each delivery is a real HTTP
 * request to the node's n8n webhook URL, read the way n8n reads it (raw body kept, JSON parsed by n8n) and handed to
 * the node in n8n-core's WebhookContext; the answers are what the caller got back.
 */
import { bearerDigest, newBearerToken, samplePayload } from '@clarky/core';
import { startSandbox } from '@clarky/sandbox';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { clarkyTrigger, startWebhookServer, type WebhookServer } from './n8n-runtime';

const token = newBearerToken();
const staticData: IDataObject = { webhookId: 'wh_01', tokenDigest: bearerDigest(token) };
const payload = samplePayload('booking.confirmed');

// A test here may be the one that loads n8n-core first, over real HTTP: more than the unit default (scripts/jest).
jest.setTimeout(30_000);

let server: WebhookServer;

beforeAll(async () => {
  server = await startWebhookServer();
});

afterAll(async () => {
  await server.close();
});

interface Delivery {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** The body as sent, UTF-8; no Content-Type unless the headers give one. */
  readonly body?: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The items the workflow was started with; undefined when no execution started. */
  readonly items: IDataObject[] | undefined;
}

/** Sends the delivery to an active Clarky Trigger of this node version with these options and this static data. */
async function deliverTo(
  typeVersion: number,
  delivery: Delivery,
  options: INodeParameters = {},
  stored: IDataObject = staticData,
): Promise<Answer> {
  const trigger = clarkyTrigger({
    credentials: { apiKey: 'ck_live_unused' },
    typeVersion,
    parameters: { events: ['booking.confirmed'], options },
    staticData: stored,
    n8nUrl: server.url,
  });
  const served = server.serve(trigger);
  const url = new URL(trigger.hookContext().getNodeWebhookUrl('default')!);
  for (const [name, value] of Object.entries(delivery.query ?? {})) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method: delivery.method ?? 'POST',
    headers: delivery.headers,
    // Bytes, not a string: fetch would add a Content-Type of its own to a string.
    body: delivery.body === undefined ? undefined : Buffer.from(delivery.body, 'utf8'),
  });
  const body = await response.text();
  const [execution, ...more] = served.executions;
  expect(more).toEqual([]);
  if (execution) expect(execution).toHaveLength(1); // one output
  return {
    status: response.status,
    headers: response.headers,
    body,
    items: execution?.[0]?.map((item) => item.json),
  };
}

const signed = (headers: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...headers });
const asJson = { 'Content-Type': 'application/json' };

// Version 1.1 only changes what n8n does before the node runs: it leaves a body with a Content-Type it does not parse
// (or none) unread. Every answer is the same on both.
describe.each([1, 1.1])('webhook, node version %s', (typeVersion) => {
  const deliver = (delivery: Delivery, options?: INodeParameters, stored?: IDataObject) =>
    deliverTo(typeVersion, delivery, options, stored);

  it('hands the payload on unchanged as one item when the token is right', async () => {
    const answer = await deliver({ headers: signed(), body: JSON.stringify(payload) });
    expect(answer.items).toEqual([payload]);
    expect(answer.status).toBe(200);
  });

  it.each(['none', 'application/octet-stream', 'text/plain', 'application/vnd.clarky+json'])(
    'reads a JSON object sent with Content-Type %s',
    async (contentType) => {
      const headers = signed(contentType === 'none' ? {} : { 'Content-Type': contentType });
      const answer = await deliver({ headers, body: JSON.stringify(payload) });
      expect(answer.items).toEqual([payload]);
      expect(answer.status).toBe(200);
    },
  );

  it('hands on the body n8n parsed from an application/json delivery, as in production', async () => {
    const headers = signed({ 'Content-Type': 'application/json; charset=utf-8' });
    const answer = await deliver({ headers, body: JSON.stringify(payload) });
    expect(answer.items).toEqual([payload]);
    expect(answer.status).toBe(200);
  });

  it('never sees malformed JSON sent as application/json: n8n refuses it (422) and starts nothing', async () => {
    // n8n 2.41.1 parses an application/json body before any node runs (as test/e2e shows).
    const answer = await deliver({ headers: signed(asJson), body: '{"event": "booking.confirmed",' });
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(422);
  });

  it('still accepts the token of a registration stored the old way, with the token itself', async () => {
    const legacy = { webhookId: 'wh_01', bearerToken: token };
    const accepted = await deliver({ headers: signed(asJson), body: JSON.stringify(payload) }, {}, legacy);
    expect(accepted.items).toEqual([payload]);
    const forged = await deliver(
      { headers: { Authorization: `Bearer ${bearerDigest(token)}` }, body: '{}' },
      {},
      legacy,
    );
    expect(forged.items).toBeUndefined();
    expect(forged.status).toBe(401);
  });

  it('is not fooled by the stored digest presented as the token', async () => {
    const answer = await deliver({ headers: { Authorization: `Bearer ${bearerDigest(token)}` }, body: '{}' });
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(401);
  });

  it('reads a body that starts with a byte-order mark, as n8n does', async () => {
    const body = `\uFEFF${JSON.stringify(payload)}`;
    expect((await deliver({ headers: signed(), body })).items).toEqual([payload]);
    expect((await deliver({ headers: signed(asJson), body })).items).toEqual([payload]);
  });

  it('accepts the scheme in any case', async () => {
    const answer = await deliver({ headers: { authorization: `bearer ${token}` }, body: JSON.stringify(payload) });
    expect(answer.items).toEqual([payload]);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: `Bearer ${newBearerToken()}` }],
    [
      'the token with one character changed',
      { Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
    ],
    ['the token as a prefix of a longer one', { Authorization: `Bearer ${token}x` }],
    ['the token without the Bearer scheme', { Authorization: token }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('answers 401 and starts nothing for %s', async (_case, headers) => {
    const answer = await deliver({ headers: { ...asJson, ...headers }, body: JSON.stringify(payload) });
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(401);
    expect(answer.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(answer.body).not.toContain(token);
  });

  it('answers 401 when nothing is registered, even to an empty token', async () => {
    const answer = await deliver({ headers: { Authorization: 'Bearer ' }, body: '{}' }, {}, {});
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(401);
  });

  it('lets any caller in when token verification is off', async () => {
    const answer = await deliver({ headers: asJson, body: JSON.stringify(payload) }, { verifyBearerToken: false });
    expect(answer.items).toEqual([payload]);
  });

  it('takes a GET delivery from the query parameters, when the node listens for GET', async () => {
    const query = { event: 'booking.confirmed', firstName: 'Maria', sentimentScore: '82' };
    const answer = await deliver({ method: 'GET', headers: signed(), query }, { httpMethod: 'GET' });
    expect(answer.items).toEqual([query]);
  });

  it('is not reached by a method other than the one chosen in Options: n8n answers 404', async () => {
    const answer = await deliver({ method: 'GET', headers: signed(), query: { event: 'booking.confirmed' } });
    expect(answer.status).toBe(404);
    expect(answer.items).toBeUndefined();
    const put = await deliver({ method: 'PUT', headers: signed(asJson), body: '{}' }, { httpMethod: 'PUT' });
    expect(put.items).toEqual([{}]);
  });

  it.each([
    ['malformed JSON', 'text/plain', '{"event": "booking.confirmed",'],
    ['malformed JSON', undefined, '{"event": "booking.confirmed",'],
    ['malformed JSON', 'application/octet-stream', '{"event": "booking.confirmed",'],
    ['an empty body', 'application/json', ''],
    ['an empty body', undefined, ''],
    ['a JSON array', 'application/json', '[1, 2]'],
    ['a JSON string', 'application/json', '"booking.confirmed"'],
  ])('answers 400 and starts nothing for %s (Content-Type %s)', async (_case, contentType, body) => {
    const headers = signed(contentType ? { 'Content-Type': contentType } : {});
    const answer = await deliver({ headers, body });
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(400);
  });

  it('checks the token before reading the body', async () => {
    const answer = await deliver({ body: '{not json' });
    expect(answer.items).toBeUndefined();
    expect(answer.status).toBe(401);
  });
});

describe('a delivery from Clarky', () => {
  it('reaches the webhook the node registered, with the token it gave, and starts the workflow with its payload', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const trigger = clarkyTrigger({
        credentials: { apiKey: sandbox.keys.write, baseUrl: sandbox.url },
        parameters: { events: ['booking.confirmed'] },
        n8nUrl: server.url,
      });
      const served = server.serve(trigger);
      await expect(trigger.webhookMethod('create')).resolves.toBe(true);

      const event = await sandbox.trigger('booking.confirmed');

      expect(sandbox.deliveries().map((attempt) => attempt.status)).toEqual([200]);
      expect(served.executions).toHaveLength(1);
      expect(served.executions[0]![0]!.map((item) => item.json)).toEqual([event.payload]);
    } finally {
      await sandbox.close();
    }
  });
});
