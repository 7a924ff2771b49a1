/**
 * The Zap a user builds, step by step, through the app as Zapier calls it, against the local Clarky over real HTTP:
 * New No-Show Booking (hook subscribe, a real delivery, perform) -> Find Contact by Email on the payload's email
 * (the search connector Log Activity's Contact ID points at) -> Log Activity on the contact found. Its effect is
 * read back from the sandbox.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { startReceiver, type Receiver } from '../../sandbox/test/receiver';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { BASE_URL_VARIABLE } from '../src/base-url';
import type { SubscribeData } from '../src/hook-trigger';
import { App, appTester, asZapierHook, hookOperation } from './fixtures';

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Row = Record<string, unknown> & { id: string };

let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  receiver = await startReceiver();
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await Promise.all([sandbox?.close(), receiver?.close()]);
});

it('New No-Show Booking -> Find Contact by Email (search connector) -> Log Activity on that contact', async () => {
  const authData = { api_key: sandbox.keys.write };
  const noShow = hookOperation('booking.no_show');
  const maria = sandbox.contacts().find((contact) => contact.last_name === "O'Connor")!;
  const email = maria.emails[0]!.email;

  // Step 1: turning the Zap on subscribes; a no-show in Clarky reaches the hook URL; perform turns it into the trigger's data.
  const hookUrl = new URL('/hooks/standard/1234567/noshow/', receiver.url).href;
  const subscribed = (await appTester(noShow.performSubscribe, {
    authData,
    targetUrl: hookUrl,
    inputData: {},
    meta: { zap: { id: '241880100' } },
  } as never)) as SubscribeData;
  // Clarky shows which Zap the webhook is for.
  expect(sandbox.webhooks()).toEqual([expect.objectContaining({ name: 'Zapier: Booking No Show, Zap 241880100' })]);
  const fired = await sandbox.trigger('booking.no_show', { overrides: { email } });
  expect(fired.deliveries.map((attempt) => attempt.state)).toEqual(['delivered']);
  const [trigger] = (await appTester(noShow.perform, asZapierHook(receiver.received.at(-1)!, subscribed))) as Row[];
  expect(trigger).toMatchObject({ event: 'booking.no_show', email });

  // Step 2: Log Activity's Contact ID offers this search; the user adds it and maps the trigger's email.
  const contactField = (App.creates!.activity_create!.operation.inputFields as { key: string; search?: string }[]).find(
    (field) => field.key === 'contact_id',
  )!;
  const [searchKey, idField] = contactField.search!.split('.') as [string, string];
  const found = (await appTester(App.searches![searchKey]!.operation.perform as Perform, {
    authData,
    inputData: { email: trigger!.email },
  })) as Row[];
  expect(found.map((contact) => contact.id)).toEqual([maria.id]);

  // Step 3: Log Activity with the found contact's id mapped into Contact ID.
  const logged = (await appTester(App.creates!.activity_create!.operation.perform as Perform, {
    authData,
    inputData: {
      activity_type: 'note',
      contact_id: found[0]![idField],
      title: 'No-show',
      description: `Missed the meeting (${String(trigger!.timestamp)}).`,
    },
  })) as Row;
  expect(sandbox.activities().find((activity) => activity.id === logged.id)).toMatchObject({
    contact_id: maria.id,
    activity_type: 'note',
    title: 'No-show',
  });

  // Turning the Zap off deletes its webhook.
  await appTester(noShow.performUnsubscribe, { authData, targetUrl: hookUrl, subscribeData: subscribed });
  expect(sandbox.webhooks()).toEqual([]);
}, 30_000);
