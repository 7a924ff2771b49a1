import { EVENTS, bearerDigest, samplePayload } from '@clarky/core';
import nock from 'nock';
import {
  API,
  API_KEY,
  ORIGIN,
  TARGET_URL,
  App,
  appTester,
  authData,
  errorBody,
  hookOperation,
  listPage,
  payloadAt,
  webhook,
  zapierErrorFields,
} from './fixtures';

const booking = hookOperation('booking.confirmed');
const clarky = () => nock(ORIGIN, { reqheaders: { authorization: `Bearer ${API_KEY}` } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Clarky answering `times` webhook creations (wh_1, wh_2, ...); the bodies it was sent, in order. */
function webhookPosts(times: number): Record<string, unknown>[] {
  const posted: Record<string, unknown>[] = [];
  clarky()
    .post(`${API}/webhooks`)
    .times(times)
    .reply(201, (_uri, body) => {
      posted.push(body as Record<string, unknown>);
      return { data: webhook({ id: `wh_${posted.length}`, url: TARGET_URL }) };
    });
  return posted;
}

describe('the trigger catalog', () => {
  it('has one hook trigger per Clarky event, keyed, labelled and described from the event', () => {
    const hooks = Object.values(App.triggers).filter((trigger) => trigger.operation.type === 'hook');
    expect(hooks.map((trigger) => trigger.key).sort()).toEqual(
      EVENTS.map((event) => event.key.replace('.', '_')).sort(),
    );
    expect(App.triggers.booking_confirmed).toMatchObject({
      key: 'booking_confirmed',
      noun: 'Booking',
      display: { label: 'New Confirmed Booking', description: 'Triggers when a booking is confirmed.' },
    });
    expect(App.triggers.booking_no_show?.display.description).toBe("Triggers when an attendee doesn't show up.");
  });

  it('offers an optional Agent dropdown fed by the hidden agent trigger', async () => {
    const [field] = booking.inputFields as { key: string; required: boolean; dynamic: string }[];
    expect(field).toMatchObject({ key: 'bot_id', required: false, dynamic: 'agent.id.name' });
    expect(App.triggers.agent?.display).toMatchObject({ hidden: true });

    clarky()
      .get(`${API}/agents`)
      .query({ page: '1', page_size: '100' })
      .reply(200, listPage([{ id: 'b_1', workspace_id: 'w_1', name: 'Ava', enabled: true }], 1, 2))
      .get(`${API}/agents`)
      .query({ page: '2', page_size: '100' })
      .reply(200, listPage([{ id: 'b_2', workspace_id: 'w_1', name: 'Sam', enabled: true }], 2, 2));
    const agents = await appTester(App.triggers.agent!.operation.perform, { authData });
    expect(agents).toEqual([
      expect.objectContaining({ id: 'b_1', name: 'Ava' }),
      expect.objectContaining({ id: 'b_2' }),
    ]);
  });
});

describe('performSubscribe', () => {
  it('registers a webhook for the one event and the chosen agent, with a fresh random bearer token', async () => {
    const posted = webhookPosts(2);
    const bundle = { authData, targetUrl: TARGET_URL, inputData: { bot_id: 'b_7' } };
    const first = await appTester(booking.performSubscribe, bundle);
    const second = await appTester(booking.performSubscribe, bundle);

    expect(posted[0]).toMatchObject({
      name: 'Zapier: Booking Confirmed',
      url: TARGET_URL,
      events: ['booking.confirmed'],
      bot_ids: ['b_7'],
    });
    // Zapier's storage keeps only the digest of the token Clarky was given.
    const token = posted[0]!.bearer_token as string;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(first).toEqual({ id: 'wh_1', tokenDigest: bearerDigest(token) });
    expect(JSON.stringify(first)).not.toContain(token);
    expect(second.tokenDigest).not.toBe(first.tokenDigest);
  });

  it('names the Zap in the webhook’s name and description, by its title and id when Zapier gives them, so Zaps on one event tell apart in Clarky', async () => {
    const posted = webhookPosts(3);
    for (const zap of [{ id: '241876503', name: 'No-shows to CRM' }, { id: 241876977 }, undefined]) {
      const meta = zap ? { zap } : {};
      await appTester(booking.performSubscribe, { authData, targetUrl: TARGET_URL, inputData: {}, meta } as never);
    }
    expect(posted.map((body) => body.name)).toEqual([
      'Zapier: Booking Confirmed, Zap "No-shows to CRM" (241876503)',
      'Zapier: Booking Confirmed, Zap 241876977',
      'Zapier: Booking Confirmed',
    ]);
    expect(posted.map((body) => body.description)).toEqual([
      'Made by Zapier when Zap "No-shows to CRM" (241876503) was turned on; Zapier deletes it when the Zap is turned off.',
      'Made by Zapier when Zap 241876977 was turned on; Zapier deletes it when the Zap is turned off.',
      'Made by Zapier when a Zap was turned on; Zapier deletes it when the Zap is turned off.',
    ]);
  });

  it('subscribes to every agent when none is chosen', async () => {
    let posted: Record<string, unknown> = {};
    clarky()
      .post(`${API}/webhooks`)
      .reply(201, (_uri, body) => {
        posted = body as Record<string, unknown>;
        return { data: webhook({ id: 'wh_1', url: TARGET_URL }) };
      });
    await appTester(booking.performSubscribe, { authData, targetUrl: TARGET_URL, inputData: {} });
    expect(posted.bot_ids).toEqual([]);
  });

  it('refuses, before calling Clarky, when Zapier gives no hook URL, and says to turn the Zap on again', async () => {
    const error = await appTester(booking.performSubscribe, { authData, inputData: {} }).catch((e) => e);
    // No interceptor is set and the network is off: any call to Clarky would fail with nock's error instead.
    expect((error as Error).message).toContain('Zapier gave no hook URL to subscribe; turn the Zap on again.');
  });

  it('says the key needs the write scope on a 403', async () => {
    clarky().post(`${API}/webhooks`).reply(403, errorBody('forbidden', 'Forbidden'));
    const error = await appTester(booking.performSubscribe, { authData, targetUrl: TARGET_URL }).catch((e) => e);
    expect(zapierErrorFields(error)).toMatchObject({ status: 403, message: expect.stringMatching(/write scope/) });
  });

  it('names the refused fields on a 422', async () => {
    clarky()
      .post(`${API}/webhooks`)
      .reply(422, errorBody('validation_error', 'Invalid webhook', { url: 'must be a public URL' }));
    const error = await appTester(booking.performSubscribe, { authData, targetUrl: TARGET_URL }).catch((e) => e);
    expect(zapierErrorFields(error)).toMatchObject({
      status: 422,
      code: 'validation_error',
      message: expect.stringContaining('url: must be a public URL'),
    });
  });

  it('never puts the new bearer token into an error, even when Clarky echoes it', async () => {
    clarky()
      .post(`${API}/webhooks`)
      .reply(422, (_uri, body) =>
        errorBody('validation_error', 'Invalid', {
          bearer_token: `bad: ${(body as { bearer_token: string }).bearer_token}`,
        }),
      );
    const error = await appTester(booking.performSubscribe, { authData, targetUrl: TARGET_URL }).catch((e) => e);
    expect((error as Error).message).toContain('[redacted]');
    expect((error as Error).message).not.toMatch(/bad: [A-Za-z0-9_-]{43}/);
  });
});

describe('performUnsubscribe', () => {
  it('deletes the subscribed webhook', async () => {
    const scope = clarky().delete(`${API}/webhooks/wh_1`).reply(204);
    await appTester(booking.performUnsubscribe, { authData, targetUrl: TARGET_URL, subscribeData: { id: 'wh_1' } });
    expect(scope.isDone()).toBe(true);
  });

  it('counts a webhook that is already gone (404) as deleted', async () => {
    clarky().delete(`${API}/webhooks/wh_1`).reply(404, errorBody('not_found', 'No such webhook'));
    await expect(
      appTester(booking.performUnsubscribe, { authData, targetUrl: TARGET_URL, subscribeData: { id: 'wh_1' } }),
    ).resolves.toEqual({ deleted: ['wh_1'] });
  });

  it('without subscribe data, finds its webhooks by hook URL across pages and deletes only those', async () => {
    const deleted: string[] = [];
    clarky()
      .get(`${API}/webhooks`)
      .query({ page: '1', page_size: '100' })
      .reply(
        200,
        listPage(
          [webhook({ id: 'wh_ours_1', url: TARGET_URL }), webhook({ id: 'wh_n8n', url: 'https://n8n.example.com/x' })],
          1,
          2,
        ),
      )
      .get(`${API}/webhooks`)
      .query({ page: '2', page_size: '100' })
      .reply(200, listPage([webhook({ id: 'wh_ours_2', url: TARGET_URL })], 2, 2))
      .delete(/\/webhooks\/wh_[a-z0-9_]+$/)
      .times(2)
      .reply(204, (uri) => {
        deleted.push(uri.split('/').pop()!);
        return '';
      });
    const result = await appTester(booking.performUnsubscribe, { authData, targetUrl: TARGET_URL });
    expect(deleted).toEqual(['wh_ours_1', 'wh_ours_2']);
    expect(result).toEqual({ deleted: ['wh_ours_1', 'wh_ours_2'] });
  });

  it('logs when it finds nothing to delete: no subscribe data and no webhook at the hook URL', async () => {
    clarky()
      .get(`${API}/webhooks`)
      .query({ page: '1', page_size: '100' })
      .reply(200, listPage([webhook({ id: 'wh_n8n', url: 'https://n8n.example.com/x' })], 1, 1));
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(appTester(booking.performUnsubscribe, { authData, targetUrl: TARGET_URL })).resolves.toEqual({
        deleted: [],
      });
      expect(log.mock.calls.flat().join(' ')).toContain('unsubscribe found no webhook for this Zap');
    } finally {
      log.mockRestore();
    }
  });

  it('reports a failed delete in Zapier terms', async () => {
    clarky().delete(`${API}/webhooks/wh_1`).reply(401, errorBody('unauthorized', 'Revoked'));
    const error = await appTester(booking.performUnsubscribe, {
      authData,
      targetUrl: TARGET_URL,
      subscribeData: { id: 'wh_1' },
    }).catch((e) => e);
    expect(error).toMatchObject({ name: 'ExpiredAuthError' });
  });
});

describe('perform', () => {
  const token = 'tok_3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9';
  const payload = samplePayload('booking.confirmed');
  const delivery = (
    headers: Record<string, string>,
    subscribeData: { id: string; [field: string]: unknown } = { id: 'wh_1', tokenDigest: bearerDigest(token) },
  ) => ({
    authData,
    subscribeData,
    rawRequest: { method: 'POST' as const, headers, content: JSON.stringify(payload) },
    cleanedRequest: { ...payload, querystring: {} },
  });

  /** What perform wrote to the Zap's log (z.console.log ends in console.log). */
  async function logged(run: () => Promise<unknown>): Promise<string> {
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await run();
      return log.mock.calls.map((call) => call.join(' ')).join('\n');
    } finally {
      log.mockRestore();
    }
  }

  it('returns the payload when the delivery carries the token, as Zapier passes it (Http-Authorization)', async () => {
    await expect(appTester(booking.perform, delivery({ 'Http-Authorization': `Bearer ${token}` }))).resolves.toEqual([
      payload,
    ]);
  });

  it('accepts a plain Authorization header in any case', async () => {
    await expect(appTester(booking.perform, delivery({ authorization: `Bearer ${token}` }))).resolves.toEqual([
      payload,
    ]);
  });

  it('still accepts subscribe data saved by an earlier version, with the token itself', async () => {
    const bundle = delivery({ 'Http-Authorization': `Bearer ${token}` }, { id: 'wh_1', token });
    await expect(appTester(booking.perform, bundle)).resolves.toEqual([payload]);
  });

  it('refuses the stored digest presented as the token', async () => {
    const bundle = delivery({ 'Http-Authorization': `Bearer ${bearerDigest(token)}` });
    await expect(appTester(booking.perform, bundle)).resolves.toEqual([]);
  });

  it.each([
    [
      'a forged token',
      { 'Http-Authorization': `Bearer ${token.slice(0, -1)}x` },
      'a bearer token this Zap did not give',
    ],
    ['a token without the Bearer scheme', { 'Http-Authorization': token }, 'a bearer token this Zap did not give'],
    ['no Authorization header', { 'Http-Content-Type': 'application/json' }, 'no Authorization header'],
  ])('starts nothing for %s, and logs why with header names only', async (_name, headers, reason) => {
    let result: unknown;
    const log = await logged(async () => {
      result = await appTester(booking.perform, delivery(headers));
    });
    expect(result).toEqual([]);
    expect(log).toContain(`delivery refused: the delivery carries ${reason}`);
    expect(log).toContain(`Headers present: ${Object.keys(headers)[0]}`);
    expect(log).not.toContain(token.slice(4, 20));
  });

  it('drops a delivery for another event (a webhook edited in Clarky) and logs which, without the token', async () => {
    const other = samplePayload('booking.cancelled');
    let result: unknown;
    const log = await logged(async () => {
      result = await appTester(booking.perform, {
        ...delivery({ 'Http-Authorization': `Bearer ${token}` }),
        cleanedRequest: { ...other, querystring: {} },
      });
    });
    expect(result).toEqual([]);
    expect(log).toContain('delivery dropped: it is for the event "booking.cancelled"');
    expect(log).toContain('New Confirmed Booking (booking.confirmed)');
    expect(log).not.toContain(token);
  });

  it('passes a payload that carries no event (a template without it): it cannot be judged', async () => {
    const withoutEvent: Partial<typeof payload> = { ...payload };
    delete withoutEvent.event;
    const bundle = {
      ...delivery({ 'Http-Authorization': `Bearer ${token}` }),
      cleanedRequest: { ...withoutEvent, querystring: {} },
    };
    await expect(appTester(booking.perform, bundle)).resolves.toEqual([withoutEvent]);
  });

  it('starts nothing when the subscribe data holds no token, and says to turn the Zap off and on', async () => {
    let result: unknown;
    const log = await logged(async () => {
      result = await appTester(booking.perform, delivery({ 'Http-Authorization': `Bearer ${token}` }, { id: 'wh_1' }));
    });
    expect(result).toEqual([]);
    expect(log).toContain('no subscribe data with a token digest');
    expect(log).not.toContain(token);
  });
});

describe('performList', () => {
  it('returns the 3 newest recorded events of that event and agent, in the hook payload shape', async () => {
    const samples = [
      '2026-11-20T10:00:00Z',
      '2026-11-22T10:00:00Z',
      '2026-11-21T10:00:00Z',
      '2026-11-23T10:00:00Z',
    ].map((timestamp) => payloadAt('booking.confirmed', timestamp));
    clarky()
      .get(`${API}/webhooks/samples`)
      .query({ event: 'booking.confirmed', bot_id: 'b_7' })
      .reply(200, { data: samples });
    const listed = await appTester(booking.performList, { authData, inputData: { bot_id: 'b_7' } });
    expect(listed.map((item) => item.timestamp)).toEqual([
      '2026-11-23T10:00:00Z',
      '2026-11-22T10:00:00Z',
      '2026-11-21T10:00:00Z',
    ]);

    const hook = {
      subscribeData: { id: 'wh_1', tokenDigest: bearerDigest('t') },
      rawRequest: { headers: { 'Http-Authorization': 'Bearer t' } },
      cleanedRequest: samples[0],
    };
    const hooked = await appTester(booking.perform, hook);
    for (const item of listed) expect(Object.keys(item)).toEqual(Object.keys(hooked[0]!));
  });

  it('asks for every agent when none is chosen, and returns [] when Clarky has no events yet', async () => {
    const scope = clarky().get(`${API}/webhooks/samples`).query({ event: 'contact.created' }).reply(200, { data: [] });
    await expect(appTester(hookOperation('contact.created').performList, { authData, inputData: {} })).resolves.toEqual(
      [],
    );
    expect(scope.isDone()).toBe(true);
  });
});
