/** webhook(): the token check, and the payload handed on as exactly one item, unchanged. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { bearerDigest, newBearerToken, samplePayload } from '@clarky/core';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { fakeWebhookContext, type IncomingDelivery } from './fake-n8n';

const trigger = new ClarkyTrigger();
const token = newBearerToken();
const staticData: IDataObject = { webhookId: 'wh_01', tokenDigest: bearerDigest(token) };
const payload = samplePayload('booking.confirmed');

function deliver(delivery: IncomingDelivery, options: IDataObject = {}, stored: IDataObject = staticData) {
  const fake = fakeWebhookContext({ parameters: { options }, staticData: stored }, delivery);
  return { result: trigger.webhook.call(fake.context as IWebhookFunctions), response: fake.response };
}

const signed = (headers: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...headers });

describe('webhook', () => {
  it('hands the payload on unchanged as one item when the token is right', async () => {
    const { result, response } = deliver({ headers: signed(), rawBody: JSON.stringify(payload) });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
    expect(response.status).toBeUndefined();
  });

  it('hands on the body n8n parsed from an application/json delivery, as in production', async () => {
    const headers = signed({ 'Content-Type': 'application/json; charset=utf-8' });
    const { result, response } = deliver({ headers, rawBody: JSON.stringify(payload) });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
    expect(response.status).toBeUndefined();
  });

  it('refuses malformed JSON sent as application/json with the right token', async () => {
    const headers = signed({ 'Content-Type': 'application/json' });
    const { result, response } = deliver({ headers, rawBody: '{"event": "booking.confirmed",' });
    await expect(result).resolves.toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(400);
  });

  it('still accepts the token of a registration stored the old way, with the token itself', async () => {
    const legacy = { webhookId: 'wh_01', bearerToken: token };
    const { result } = deliver({ headers: signed(), rawBody: JSON.stringify(payload) }, {}, legacy);
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
    const forged = deliver({ headers: { Authorization: `Bearer ${bearerDigest(token)}` }, rawBody: '{}' }, {}, legacy);
    await expect(forged.result).resolves.toEqual({ noWebhookResponse: true });
  });

  it('is not fooled by the stored digest presented as the token', async () => {
    const { result, response } = deliver({
      headers: { Authorization: `Bearer ${bearerDigest(token)}` },
      rawBody: '{}',
    });
    await expect(result).resolves.toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(401);
  });

  it('reads a body that starts with a byte-order mark, as n8n does', async () => {
    const { result } = deliver({ headers: signed(), rawBody: `\uFEFF${JSON.stringify(payload)}` });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
  });

  it('accepts the scheme in any case', async () => {
    const { result } = deliver({ headers: { authorization: `bearer ${token}` }, rawBody: JSON.stringify(payload) });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
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
    const { result, response } = deliver({ headers, rawBody: JSON.stringify(payload) });
    await expect(result).resolves.toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe('Bearer');
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('answers 401 when nothing is registered, even to an empty token', async () => {
    const fake = fakeWebhookContext(
      { parameters: { options: {} }, staticData: {} },
      { headers: { Authorization: 'Bearer ' }, rawBody: '{}' },
    );
    await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
    expect(fake.response.status).toBe(401);
  });

  it('lets any caller in when token verification is off', async () => {
    const { result } = deliver({ rawBody: JSON.stringify(payload) }, { verifyBearerToken: false });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: payload }]] });
  });

  it('takes a GET delivery from the query parameters', async () => {
    const query = { event: 'booking.confirmed', firstName: 'Maria', sentimentScore: '82' };
    const { result } = deliver({ method: 'GET', headers: signed(), query });
    await expect(result).resolves.toEqual({ workflowData: [[{ json: query }]] });
  });

  it.each([
    ['malformed JSON', '{"event": "booking.confirmed",'],
    ['an empty body', ''],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"booking.confirmed"'],
  ])('answers 400 and starts nothing for %s', async (_case, rawBody) => {
    const { result, response } = deliver({ headers: signed(), rawBody });
    await expect(result).resolves.toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(400);
  });

  it('checks the token before reading the body', async () => {
    const { result, response } = deliver({ rawBody: '{not json' });
    await expect(result).resolves.toEqual({ noWebhookResponse: true });
    expect(response.status).toBe(401);
  });
});
