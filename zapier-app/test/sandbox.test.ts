/**
 * The Zapier app against the local Clarky over real HTTP. A receiver on 127.0.0.1 stands in for
 * Zapier's hook URL and records what Clarky delivers. Deliveries reach `perform` exactly as received,
 * headers mapped the way Zapier maps them (`Http-` prefix, Title-Case).
 */
import { DefaultPayloadSchema, bearerCredential, bearerDigest } from '@clarky/core';
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startReceiver, type Receiver } from '../../sandbox/test/receiver';
import { BASE_URL_VARIABLE } from '../src/base-url';
import { App, appTester, asZapierHook, hookOperation } from './fixtures';

const booking = hookOperation('booking.confirmed');
const agentList = App.triggers.agent!.operation;

let sandbox: Sandbox;
let catcher: Receiver;
let hookUrl: string;
let authData: { api_key: string };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  catcher = await startReceiver();
  hookUrl = new URL('/hooks/standard/1234567/abcdef/', catcher.url).href;
  authData = { api_key: sandbox.keys.write };
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await Promise.all([sandbox?.close(), catcher?.close()]);
});

it('runs a Zap end to end: subscribe, deliver, perform, list samples, unsubscribe, and unsubscribe a stray by its URL', async () => {
  // The Agent dropdown lists the sandbox's agents.
  const agents = await appTester(agentList.perform, { authData });
  expect(agents.map((agent) => agent.id)).toEqual(sandbox.agents.map((agent) => agent.id));
  const [chosen, other] = sandbox.agents;

  // Turning the Zap on registers one webhook: this event, this agent, Zapier's URL, a token.
  const bundle = { authData, targetUrl: hookUrl, inputData: { bot_id: chosen!.id } };
  const subscribed = await appTester(booking.performSubscribe, bundle);
  expect(sandbox.webhooks()).toEqual([
    expect.objectContaining({
      id: subscribed.id,
      name: 'Zapier: Booking Confirmed',
      url: hookUrl,
      events: ['booking.confirmed'],
      bot_ids: [chosen!.id],
      has_bearer_token: true,
      enabled: true,
    }),
  ]);

  // An event in Clarky reaches the hook URL, and perform turns that very request into the payload.
  const first = await sandbox.trigger('booking.confirmed', { botId: chosen!.id });
  expect(first.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
  expect(catcher.received).toHaveLength(1);
  const delivered = catcher.received[0]!;
  // Clarky sends the token it was given; Zapier's subscribe data holds only its digest.
  expect(bearerDigest(bearerCredential(delivered.headers.authorization) ?? '')).toBe(subscribed.tokenDigest);
  const results = await appTester(booking.perform, asZapierHook(delivered, subscribed));
  expect(results).toEqual([first.payload]);
  expect(DefaultPayloadSchema.strict().parse(results[0])).toEqual(first.payload);

  // The same request with another Zap's token starts nothing.
  const forged = await appTester(
    booking.perform,
    asZapierHook(delivered, { ...subscribed, tokenDigest: bearerDigest('another-zap') }),
  );
  expect(forged).toEqual([]);

  // Another agent's event does not reach this Zap; performList shows this agent's events, newest first.
  await sandbox.trigger('booking.confirmed', { botId: other!.id });
  const second = await sandbox.trigger('booking.confirmed', { botId: chosen!.id });
  expect(catcher.received).toHaveLength(2);
  const listed = await appTester(booking.performList, bundle);
  expect(listed).toEqual([second.payload, first.payload]);

  // A lost unsubscribe leaves a stray webhook on the same hook URL; the Zap's own unsubscribe deletes its one.
  const stray = await appTester(booking.performSubscribe, bundle);
  await appTester(booking.performUnsubscribe, { ...bundle, subscribeData: subscribed });
  expect(sandbox.webhooks().map((webhook) => webhook.id)).toEqual([stray.id]);

  // Without subscribe data, unsubscribe finds the stray by the hook URL and deletes it.
  await appTester(booking.performUnsubscribe, { ...bundle, subscribeData: undefined });
  expect(sandbox.webhooks()).toEqual([]);
}, 30_000);
