import {
  DefaultPayloadSchema,
  REDACTED,
  ROUTES,
  SAMPLE_AGENTS,
  VARIABLES,
  type DefaultPayload,
  type WebhookMethod,
} from '@clarky/core';
import type { Sandbox } from '../src';
import { call, control, EVENT, OTHER_EVENT, testSandbox, webhookBody } from './helpers';
import { startReceiver, type Receiver } from './receiver';

const TOKEN = 'tok_delivery-secret';
const stringVariable = VARIABLES.filter((variable) => variable.type.kind === 'string').at(-1)!.name;
const integerVariable = VARIABLES.find((variable) => variable.type.kind === 'integer')!.name;

let sandbox: Sandbox;
let receiver: Receiver;

async function subscribe(fields: Record<string, unknown> = {}, url = receiver.url): Promise<string> {
  const answer = await call(sandbox, 'POST', ROUTES.webhooks, { body: webhookBody(url, fields) });
  expect(answer.status).toBe(201);
  return answer.body.data.id;
}

async function useReceiver(behave?: Parameters<typeof startReceiver>[0]): Promise<void> {
  await receiver.close();
  receiver = await startReceiver(behave);
}

beforeEach(async () => {
  sandbox = await testSandbox();
  receiver = await startReceiver();
});
afterEach(async () => {
  await sandbox.close();
  await receiver.close();
});

describe('what a delivery sends', () => {
  it('POSTs the default payload with Clarky headers and the bearer token', async () => {
    await subscribe({ bearer_token: TOKEN });
    const triggered = await sandbox.trigger(EVENT);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('Clarky-Webhooks/1.0');
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(request!.body);
    expect(body).toEqual(triggered.payload);
    expect(DefaultPayloadSchema.strict().parse(body)).toEqual(body);
    expect(triggered.deliveries).toEqual([expect.objectContaining({ state: 'delivered', status: 200, attempt: 1 })]);
  });

  it('sends no Authorization header when the webhook has no token', async () => {
    await subscribe();
    await sandbox.trigger(EVENT);
    expect(receiver.received[0]!.headers).not.toHaveProperty('authorization');
  });

  it('renders the payload template with core', async () => {
    const template = `{"quoted": "<{{${stringVariable}}}>", "number": {{ ${integerVariable} }}, "fixed": [1, true]}`;
    await subscribe({ payload_template: template });
    const overrides = { [stringVariable]: 'She said "hi"\nthen left \\ 🎉', [integerVariable]: 0 };
    const triggered = await sandbox.trigger(EVENT, { overrides });
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({
      quoted: `<${overrides[stringVariable]}>`,
      number: 0,
      fixed: [1, true],
    });
    expect(triggered.payload[stringVariable as keyof DefaultPayload]).toBe(overrides[stringVariable]);
  });

  it('sends the default payload for a blank template, and again once a template is removed', async () => {
    await subscribe({ payload_template: ' \n ' });
    const templated = await subscribe({ payload_template: `{"only": {{${integerVariable}}}}` });
    const first = await sandbox.trigger(EVENT);
    const bodies = receiver.received.map((request) => JSON.parse(request.body));
    expect(bodies).toEqual(expect.arrayContaining([first.payload, { only: first.payload[integerVariable] }]));
    await call(sandbox, 'PATCH', ROUTES.webhook(templated), { body: { payload_template: null } });
    const second = await sandbox.trigger(EVENT);
    expect(receiver.received.slice(2).map((request) => JSON.parse(request.body))).toEqual([
      second.payload,
      second.payload,
    ]);
  });

  it.each([['PUT'], ['PATCH'], ['DELETE']] as Array<[WebhookMethod]>)(
    'honours method %s with a JSON body',
    async (method) => {
      await subscribe({ method });
      const triggered = await sandbox.trigger(EVENT);
      expect(receiver.received[0]!.method).toBe(method);
      expect(JSON.parse(receiver.received[0]!.body)).toEqual(triggered.payload);
    },
  );

  it('sends a GET with the top-level fields as query parameters and no body', async () => {
    await subscribe({ method: 'GET' });
    const triggered = await sandbox.trigger(EVENT, { overrides: { [stringVariable]: null } });
    const [request] = receiver.received;
    expect(request!.method).toBe('GET');
    expect(request!.body).toBe('');
    const expected = Object.entries(triggered.payload).map(([name, value]) => [
      name,
      value === null ? '' : String(value),
    ]);
    expect([...request!.query]).toEqual(expected);
  });

  it('makes a fresh context per event, with the chosen agent', async () => {
    const agent = SAMPLE_AGENTS[1];
    const first = await sandbox.trigger(EVENT, { botId: agent.id });
    const second = await sandbox.trigger(EVENT, { botId: agent.id });
    expect(first.payload.botId).toBe(agent.id);
    expect(first.payload.botName).toBe(agent.name);
    expect(first.payload.event).toBe(EVENT);
    expect(first.payload.conversationId).not.toBe(second.payload.conversationId);
    expect(first.payload.conversationUrl).toContain(first.payload.conversationId);
    expect(first.id).not.toBe(second.id);
  });
});

describe('who gets a delivery', () => {
  it('never fires a disabled webhook, and fires it again once enabled', async () => {
    const id = await subscribe({ enabled: false });
    expect((await sandbox.trigger(EVENT)).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    await call(sandbox, 'PATCH', ROUTES.webhook(id), { body: { enabled: true } });
    await sandbox.trigger(EVENT);
    expect(receiver.received).toHaveLength(1);
  });

  it('respects the agent scope; no bot ids means every agent', async () => {
    const scoped = await subscribe({ bot_ids: [SAMPLE_AGENTS[1].id] });
    const everyone = await subscribe();
    const elsewhere = await sandbox.trigger(EVENT, { botId: SAMPLE_AGENTS[0].id });
    expect(elsewhere.deliveries.map((attempt) => attempt.webhook_id)).toEqual([everyone]);
    const inScope = await sandbox.trigger(EVENT, { botId: SAMPLE_AGENTS[1].id });
    expect(inScope.deliveries.map((attempt) => attempt.webhook_id).sort()).toEqual([scoped, everyone].sort());
  });

  it('delivers only the events a webhook subscribed to', async () => {
    await subscribe({ events: [OTHER_EVENT] });
    await sandbox.trigger(EVENT);
    expect(receiver.received).toHaveLength(0);
    await sandbox.trigger(OTHER_EVENT);
    expect(receiver.received).toHaveLength(1);
  });

  it('forgets a deleted webhook', async () => {
    const id = await subscribe();
    await call(sandbox, 'DELETE', ROUTES.webhook(id));
    expect((await sandbox.trigger(EVENT)).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('delivery outcomes and retries', () => {
  it('retries a 5xx and succeeds, sending the same request again', async () => {
    await useReceiver((index) => (index === 0 ? 500 : 200));
    await subscribe({ bearer_token: TOKEN });
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries.map((attempt) => [attempt.attempt, attempt.state, attempt.status])).toEqual([
      [1, 'retrying', 500],
      [2, 'delivered', 200],
    ]);
    expect(deliveries[0]!.error).toContain('HTTP 500');
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ['429', 429 as const],
    ['a dropped connection', 'hang-up' as const],
  ])('retries after %s', async (_name, first) => {
    await useReceiver((index) => (index === 0 ? first : 204));
    await subscribe();
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries.map((attempt) => attempt.state)).toEqual(['retrying', 'delivered']);
    expect(deliveries[0]!.status).toBe(first === 'hang-up' ? null : first);
  });

  it('retries after a timeout', async () => {
    await sandbox.close();
    sandbox = await testSandbox({ delivery: { timeoutMs: 100, retryDelaysMs: [10] } });
    await useReceiver((index) => (index === 0 ? { stallMs: 2_000 } : 200));
    await subscribe();
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries.map((attempt) => attempt.state)).toEqual(['retrying', 'delivered']);
    expect(deliveries[0]!.error).toContain('timeout');
    expect(deliveries[0]!.status).toBeNull();
  });

  it('gives up when the retries are spent', async () => {
    await useReceiver(() => 503);
    await subscribe();
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries.map((attempt) => attempt.state)).toEqual(['retrying', 'retrying', 'failed']);
    expect(deliveries.at(-1)!.error).toContain('gave up after 3 attempts');
    expect(receiver.received).toHaveLength(3);
  });

  it('retries when nothing listens at the URL', async () => {
    const closed = await startReceiver();
    await closed.close();
    await subscribe({}, closed.url);
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries.map((attempt) => attempt.state)).toEqual(['retrying', 'retrying', 'failed']);
    expect(deliveries[0]!.error).toContain('ECONNREFUSED');
  });

  it.each([[400], [401], [404], [301]])('does not retry a %s', async (status) => {
    await useReceiver(() => status);
    await subscribe();
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries).toEqual([expect.objectContaining({ state: 'failed', status, attempt: 1 })]);
    expect(receiver.received).toHaveLength(1);
  });

  it('disables the webhook on 410 Gone and sends nothing more', async () => {
    await useReceiver(() => 410);
    const id = await subscribe();
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries).toEqual([expect.objectContaining({ state: 'failed', status: 410 })]);
    expect((await call(sandbox, 'GET', ROUTES.webhook(id))).body.data.enabled).toBe(false);
    await sandbox.trigger(EVENT);
    expect(receiver.received).toHaveLength(1);
  });

  it('disables only the webhook whose URL turns 410 (a Zap turned off), after it delivered; others still deliver', async () => {
    let gone = false;
    await useReceiver(() => (gone ? 410 : 200));
    const other = await startReceiver();
    try {
      const turnedOff = await subscribe();
      const still = await subscribe({}, other.url);
      await sandbox.trigger(EVENT);
      gone = true;
      const { deliveries } = await sandbox.trigger(EVENT);
      expect(deliveries.map(({ webhook_id, status }) => [webhook_id, status]).sort()).toEqual(
        [
          [turnedOff, 410],
          [still, 200],
        ].sort(),
      );
      const enabled = async (id: string) => (await call(sandbox, 'GET', ROUTES.webhook(id))).body.data.enabled;
      expect([await enabled(turnedOff), await enabled(still)]).toEqual([false, true]);
      await sandbox.trigger(EVENT);
      expect([receiver.received.length, other.received.length]).toEqual([2, 3]);
    } finally {
      await other.close();
    }
  });

  it('calls off a scheduled retry when the webhook is disabled meanwhile', async () => {
    await sandbox.close();
    sandbox = await testSandbox({ delivery: { timeoutMs: 1_000, retryDelaysMs: [300] } });
    await useReceiver(() => 500);
    const id = await subscribe();
    const pending = sandbox.trigger(EVENT);
    await until(() => sandbox.deliveries().length === 1);
    await call(sandbox, 'PATCH', ROUTES.webhook(id), { body: { enabled: false } });
    const { deliveries } = await pending;
    expect(deliveries).toEqual([expect.objectContaining({ state: 'failed', attempt: 1 })]);
    expect(deliveries[0]!.error).toContain('the webhook was disabled');
    expect(receiver.received).toHaveLength(1);
  });

  it('calls off scheduled retries on close', async () => {
    await sandbox.close();
    sandbox = await testSandbox({ delivery: { timeoutMs: 1_000, retryDelaysMs: [60_000] } });
    await useReceiver(() => 500);
    await subscribe();
    const pending = sandbox.trigger(EVENT);
    await until(() => sandbox.deliveries().length === 1);
    await sandbox.close();
    const { deliveries } = await pending;
    expect(deliveries).toEqual([expect.objectContaining({ state: 'failed' })]);
    expect(deliveries[0]!.error).toContain('shut down');
  });
});

describe('the deliveries log and the trigger route', () => {
  it('lists each attempt with the request as sent, token masked, filtered by webhook', async () => {
    let failedOnce = false;
    await useReceiver((_index, request) => {
      if (request.method !== 'POST' || failedOnce) return 200;
      failedOnce = true;
      return 502;
    });
    const first = await subscribe({ bearer_token: TOKEN });
    const second = await subscribe({ method: 'PUT' });
    await sandbox.trigger(EVENT);
    const all = await call(sandbox, 'GET', control(sandbox, 'deliveries'), { key: sandbox.keys.read });
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(3);
    expect(JSON.stringify(all.body)).not.toContain(TOKEN);
    const mine = await call(sandbox, 'GET', `${control(sandbox, 'deliveries')}?webhook_id=${first}`);
    expect(mine.body.data).toEqual(sandbox.deliveries({ webhookId: first }));
    expect(mine.body.data.map((attempt: { status: number }) => attempt.status)).toEqual([502, 200]);
    const attempt = mine.body.data[0];
    expect(attempt).toEqual({
      id: expect.stringMatching(/^dl_/),
      event_id: expect.stringMatching(/^evt_/),
      event: EVENT,
      webhook_id: first,
      attempt: 1,
      state: 'retrying',
      status: 502,
      duration_ms: expect.any(Number),
      error: expect.stringContaining('HTTP 502'),
      request: {
        method: 'POST',
        url: receiver.url,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Clarky-Webhooks/1.0',
          Authorization: `Bearer ${REDACTED}`,
        },
        body: expect.any(String),
      },
      started_at: expect.any(String),
    });
    expect(sandbox.deliveries({ webhookId: second })).toEqual([
      expect.objectContaining({ state: 'delivered', request: expect.objectContaining({ method: 'PUT' }) }),
    ]);
  });

  it('triggers over HTTP with the write key and answers once deliveries are final', async () => {
    await subscribe();
    const answer = await call(sandbox, 'POST', control(sandbox, 'events'), {
      body: { event: EVENT, bot_id: SAMPLE_AGENTS[2].id, overrides: { [integerVariable]: 7 } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.payload).toEqual(
      expect.objectContaining({ botId: SAMPLE_AGENTS[2].id, [integerVariable]: 7 }),
    );
    expect(answer.body.data.deliveries).toEqual([expect.objectContaining({ state: 'delivered' })]);
    expect(JSON.parse(receiver.received[0]!.body)).toEqual(answer.body.data.payload);
  });

  it('refuses triggers without the write key', async () => {
    const url = control(sandbox, 'events');
    expect((await call(sandbox, 'POST', url, { key: null, body: { event: EVENT } })).status).toBe(401);
    expect((await call(sandbox, 'POST', url, { key: sandbox.keys.read, body: { event: EVENT } })).status).toBe(403);
    expect((await call(sandbox, 'GET', control(sandbox, 'deliveries'), { key: null })).status).toBe(401);
  });

  it.each([
    [{ event: 'nope.never' }, 'event'],
    [{ event: EVENT, bot_id: 'b_nobody' }, 'bot_id'],
    [{ event: EVENT, overrides: { notAVariable: 1 } }, 'overrides.notAVariable'],
    [{ event: EVENT, overrides: { [integerVariable]: 101 } }, `overrides.${integerVariable}`],
    [{ event: EVENT, overrides: { [integerVariable]: -1 } }, `overrides.${integerVariable}`],
  ])('refuses the trigger %j with 422 naming %s', async (body, field) => {
    const answer = await call(sandbox, 'POST', control(sandbox, 'events'), { body });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([expect.objectContaining({ field })]);
    expect(answer.body.error.message).toContain(field);
  });

  it('refuses the same bad input from trigger() with the same message', async () => {
    await expect(sandbox.trigger('nope.never' as typeof EVENT)).rejects.toThrow(/is not an event/);
  });

  it('answers malformed JSON on the trigger route with 400', async () => {
    const answer = await call(sandbox, 'POST', control(sandbox, 'events'), { rawBody: '{event:' });
    expect(answer.status).toBe(400);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('secrets in the deliveries log', () => {
  it('masks the token even when the receiver echoes it back in an error', async () => {
    await useReceiver((_index, request) => ({
      status: 400,
      body: `bad auth header: ${request.headers.authorization}`,
    }));
    await subscribe({ bearer_token: TOKEN });
    const { deliveries } = await sandbox.trigger(EVENT);
    expect(deliveries[0]!.error).toContain(`bad auth header: Bearer ${REDACTED}`);
    expect(JSON.stringify(sandbox.deliveries())).not.toContain(TOKEN);
  });
});
