/**
 * Zaps built on 0.1.0, replayed: the bundles Zapier stores for them (fixtures/0.1.0, literal, never regenerated) run
 * through the current app against the sandbox, and each must still do what it did. Read fixtures/0.1.0/README.md.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startReceiver, type Received, type Receiver } from '../../sandbox/test/receiver';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { BASE_URL_VARIABLE } from '../src/base-url';
import type { SubscribeData } from '../src/hook-trigger';
import { App, appTester } from './fixtures';
import storedActions from './fixtures/0.1.0/actions.json';
import storedZaps from './fixtures/0.1.0/hook-triggers.json';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type StoredBundle = Partial<Bundle> & { subscribeData?: Record<string, unknown> };
type Row = Record<string, unknown> & { id: string };

interface StoredZap {
  zap: string;
  trigger: string;
  /** What 0.1.0's subscribe sent to Clarky. */
  clarkyWebhook: { name: string; url: string; events: string[]; bot_ids: string[]; bearer_token: string };
  subscribe: StoredBundle;
  list?: StoredBundle;
  perform: StoredBundle;
  unsubscribe: StoredBundle;
}
// JSON imports are typed by their literal values; these are the shapes the replay reads.
const zaps = storedZaps as unknown as StoredZap[];
const actions = storedActions as unknown as { step: string; about: string; bundle: StoredBundle }[];

// Every fixture holds the key its user saved; the sandbox takes it as its write key.
const API_KEY = zaps[0]!.subscribe.authData!.api_key!;

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, keys: { write: API_KEY } });
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  receiver = await startReceiver();
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await Promise.all([sandbox?.close(), receiver?.close()]);
});

/** Zapier's hook URL with the receiver standing in for hooks.zapier.com: same path, so each Zap keeps its own. */
const local = (hookUrl: string) => new URL(new URL(hookUrl).pathname, receiver.url).href;

/** A stored bundle as replayed here: the hook URL made local, and the webhook id Clarky gave this time. */
function replayed(stored: StoredBundle, webhookId?: string): Bundle {
  const bundle = { ...stored } as Bundle;
  if (stored.targetUrl) bundle.targetUrl = local(stored.targetUrl);
  if (stored.subscribeData && webhookId) bundle.subscribeData = { ...stored.subscribeData, id: webhookId };
  return bundle;
}

/** A caught delivery as Zapier hands it to perform: each header as `Http-` + Title-Case, the body parsed. */
function hookRequest(caught: Received): Pick<Bundle, 'rawRequest' | 'cleanedRequest'> {
  const titleCase = (name: string) => name.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
  const headers = Object.fromEntries(
    Object.entries(caught.headers).map(([name, value]) => [`Http-${titleCase(name)}`, String(value)]),
  );
  return {
    rawRequest: { method: 'POST', headers, content: caught.body, querystring: '' },
    cleanedRequest: { ...JSON.parse(caught.body), querystring: {} },
  };
}

const hook = (key: string) => {
  const operation = App.triggers[key]?.operation;
  if (operation?.type !== 'hook') throw new Error(`no hook trigger ${key}`);
  return operation as Required<Pick<typeof operation, 'performSubscribe' | 'performUnsubscribe' | 'perform'>> &
    Pick<typeof operation, 'performList'>;
};

/** What 0.1.0's subscribe left in Clarky: the webhook, with the token Clarky holds. */
async function registeredBy010(webhook: StoredZap['clarkyWebhook']): Promise<string> {
  const answer = await fetch(`${sandbox.url}/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...webhook, url: local(webhook.url) }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { data: { id: string } }).data.id;
}

const atUrl = (url: string) => sandbox.webhooks().filter((webhook) => webhook.url === url);

/** Deletes whatever a failed test left at a hook URL, so the next test starts from a clean Clarky. */
async function clearUrl(url: string): Promise<void> {
  for (const { id } of atUrl(url)) {
    await fetch(`${sandbox.url}/webhooks/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_KEY}` } });
  }
}

describe.each(zaps.map((zap) => [zap.zap, zap] as const))('a Zap on 0.1.0: %s', (_name, zap) => {
  const operation = hook(zap.trigger);
  const event = zap.clarkyWebhook.events[0] as Parameters<Sandbox['trigger']>[0];
  const hookUrl = () => local(zap.clarkyWebhook.url);
  const agent = zap.clarkyWebhook.bot_ids[0];
  afterEach(() => clearUrl(hookUrl()));

  it('left on across the upgrade: its deliveries start it with the stored subscribe data; turning it off deletes the webhook', async () => {
    const webhookId = await registeredBy010(zap.clarkyWebhook);
    const before = receiver.received.length;
    const fired = await sandbox.trigger(event, { botId: agent });
    expect(fired.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
    const delivered = receiver.received.slice(before);
    expect(delivered.map((caught) => caught.path)).toEqual([new URL(hookUrl()).pathname]);

    const perform = { ...replayed(zap.perform, webhookId), ...hookRequest(delivered[0]!) };
    expect(await appTester(operation.perform, perform)).toEqual([fired.payload]);
    // The stored subscribe data is what accepts it: another Zap's token is refused.
    const forged = { ...delivered[0]!, headers: { ...delivered[0]!.headers, authorization: 'Bearer another-zap' } };
    expect(await appTester(operation.perform, { ...perform, ...hookRequest(forged) })).toEqual([]);

    if (zap.list) {
      const samples = await appTester(operation.performList!, replayed(zap.list));
      expect(samples).toEqual([fired.payload]);
    }

    await appTester(operation.performUnsubscribe, replayed(zap.unsubscribe, webhookId));
    expect(atUrl(hookUrl())).toEqual([]);
  });

  it('turned off and on again: the stored subscribe bundle registers the same webhook, the stored unsubscribe removes it', async () => {
    const subscribed = (await appTester(operation.performSubscribe, replayed(zap.subscribe))) as SubscribeData;
    expect(atUrl(hookUrl())).toEqual([
      expect.objectContaining({
        id: subscribed.id,
        name: expect.stringMatching(`^${zap.clarkyWebhook.name}`),
        events: zap.clarkyWebhook.events,
        bot_ids: zap.clarkyWebhook.bot_ids,
        has_bearer_token: true,
      }),
    ]);
    await appTester(operation.performUnsubscribe, replayed(zap.unsubscribe, subscribed.id));
    expect(atUrl(hookUrl())).toEqual([]);
  });
});

const step = (path: string): Perform => {
  const [kind, key] = path.split('/') as ['creates' | 'searches', string];
  const found = App[kind]?.[key];
  if (!found) throw new Error(`0.1.0 had the step ${path}; the app has it no more`);
  return found.operation.perform as Perform;
};

const contactByEmail = (email: string) =>
  sandbox.contacts().find((contact) => contact.emails.some((entry) => entry.email === email));
const MARIA = '06f1e6a0-c496-4504-a2b5-6f60999c0aa1';

/** What each stored step must still do in Clarky, by its fixture's `about`; run in the fixture's order. */
const EFFECTS: Record<string, (result: unknown) => void> = {
  'Create Contact with every field, the email mapped from an earlier step, tags as a list': (result) => {
    const stored = contactByEmail('ines.garcia@example.com');
    expect(stored).toMatchObject({
      id: (result as Row).id,
      bot_id: 'b_01HDEF8N4P6R2T9V1X3Z5B7D0F',
      first_name: 'Inés',
      last_name: 'García',
      company: 'Tailspin Toys',
      job_title: 'Head of Operations',
      lead_source: 'webinar',
      tags: ['webinar', '2026'],
      notes: 'Asked for a demo in January.',
    });
    expect(stored!.phone_numbers.map((entry) => entry.phone_number)).toEqual(['+34911234567']);
  },
  'Log Activity: a meeting on a contact, duration and due date as text': (result) => {
    expect(sandbox.activities().find((activity) => activity.id === (result as Row).id)).toMatchObject({
      contact_id: MARIA,
      activity_type: 'meeting',
      title: 'Demo',
      description: 'Walked through the booking flow.',
      duration_minutes: 30,
    });
  },
  'Log Activity: a note on a company only': (result) => {
    expect(sandbox.activities().find((activity) => activity.id === (result as Row).id)).toMatchObject({
      company_id: 'co_01HYPDETTH60552XJV0MY85GJ1',
      activity_type: 'note',
      title: 'Renewal',
    });
  },
  'Create Company with every field, tags as one mapped text': (result) => {
    expect(sandbox.companies().find((company) => company.id === (result as Row).id)).toMatchObject({
      bot_id: 'b_01HDEF8N4P6R2T9V1X3Z5B7D0F',
      name: 'Northwind Traders',
      domain: 'northwind.example',
      website: 'https://northwind.example',
      industry: 'Wholesale',
      company_size: '50-200',
      description: 'Imports speciality foods.',
      tags: ['prospect'],
    });
  },
  'Start Sequence for a known contact by email, waiting for approval': (result) => {
    expect(result).toMatchObject({ status: 'pending_approval' });
    expect(sandbox.startedSequences().at(-1)).toMatchObject({
      template_id: 'st_01H8CVJH01K7M8DKXXK6HW4VAB',
      contact_id: MARIA,
      contact_created: false,
      auto_approve: false,
    });
  },
  'Start Sequence for a new person by phone, with its agent, auto-approved': (result) => {
    expect(result).toMatchObject({ status: 'pending' });
    const started = sandbox.startedSequences().at(-1)!;
    expect(started).toMatchObject({
      template_id: 'st_01HV6Z0KZJ3PQ7GRJ670W9PDS1',
      bot_id: 'b_01HDEF8N4P6R2T9V1X3Z5B7D0F',
      contact_created: true,
      auto_approve: true,
    });
    expect(sandbox.contacts().find((contact) => contact.id === started.contact_id)).toMatchObject({
      first_name: 'Lucía',
      last_name: 'Ramos',
    });
  },
  'Find Contact by Email: a contact Clarky has': (result) => {
    expect(result).toEqual([expect.objectContaining({ id: MARIA, first_name: 'Maria' })]);
  },
  'Find Contact by Email: an email Clarky does not know': (result) => expect(result).toEqual([]),
  'Find Company by Domain': (result) => {
    expect(result).toEqual([
      expect.objectContaining({ id: 'co_01HYPDETTH60552XJV0MY85GJ1', name: 'Alpine Ski House' }),
    ]);
  },
  'Find or Create Contact, the search step: finds none': (result) => expect(result).toEqual([]),
  'Find or Create Contact, the create step Zapier runs after it': (result) => {
    expect(contactByEmail('tomas.novak@example.com')).toMatchObject({
      id: (result as Row).id,
      bot_id: 'b_01HDEF7K2M9Q4R8S6T3V5W1X0Y',
      first_name: 'Tomáš',
    });
  },
};

test('every stored create and search has its expected effect written here', () => {
  expect(actions.map((stored) => stored.about).sort()).toEqual(Object.keys(EFFECTS).sort());
});

it.each(actions.map((stored) => [stored.about, stored] as const))('a step on 0.1.0: %s', async (about, stored) => {
  EFFECTS[about]!(await appTester(step(stored.step), stored.bundle));
});
