/**
 * Zapier at scale: 100 Zaps turned on at once against the local Clarky at a scaled-down write limit.
 * Every 429 that outlasts the app's short in-call retries reaches Zapier as a ThrottledError with
 * Clarky's wait (Zapier retries the subscribe later), nothing else fails, and no hook URL gets two
 * webhooks, neither in the burst nor after Zapier's retries.
 */
import { startSandbox, type Sandbox } from '@clarky/sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import { startReceiver, type Receiver } from '../../sandbox/test/receiver';
import { BASE_URL_VARIABLE } from '../src/base-url';
import { appTester, hookOperation, zapierErrorFields } from './fixtures';

// Zapier runs each call in its own Lambda invocation, and zapier-platform-core ends the process (process.exit) once it
// has served 250 calls with an RSS past 450 MB, which a jest worker that ran other suites can have. This file makes
// hundreds of calls in one process, as no Lambda does: that exit is not obeyed (and, said once, not hidden).
let exitsRefused = 0;
beforeAll(() => {
  jest.spyOn(process, 'exit').mockImplementation(() => {
    exitsRefused++;
    return undefined as never;
  });
});
afterAll(() => {
  jest.restoreAllMocks();
  if (exitsRefused > 0) console.warn(`zapier-platform-core asked ${exitsRefused} times to exit (its Lambda guard)`);
});

const ZAPS = 100;
const booking = hookOperation('booking.confirmed');

type Outcome =
  | { readonly kind: 'subscribed'; readonly url: string; readonly id: string; readonly ms: number }
  | { readonly kind: 'throttled'; readonly url: string; readonly delay: unknown; readonly ms: number }
  | { readonly kind: 'failed'; readonly url: string; readonly error: unknown; readonly ms: number };

let catcher: Receiver;
const opened: Sandbox[] = [];

beforeAll(async () => {
  catcher = await startReceiver();
});

afterAll(async () => {
  delete process.env[BASE_URL_VARIABLE];
  await Promise.all([catcher?.close(), ...opened.map((sandbox) => sandbox.close())]);
});

/** A sandbox at `writes` per `windowMs` that the app talks to, and a count of the 429s it answered. */
async function limitedSandbox(writes: number, windowMs: number) {
  const counted = { tooManyRequests: 0 };
  const sandbox = await startSandbox({
    port: 0,
    rateLimits: { writes, windowMs },
    log: (line) => {
      if (/^POST \S+ 429 /.test(line)) counted.tooManyRequests++;
    },
  });
  opened.push(sandbox);
  process.env[BASE_URL_VARIABLE] = sandbox.url;
  return { sandbox, counted };
}

/** One hook URL per Zap, as Zapier gives each Zap its own. */
function hookUrls(): string[] {
  return Array.from({ length: ZAPS }, (_, index) => new URL(`/hooks/standard/1234567/zap-${index}/`, catcher.url).href);
}

/** Turns on the Zaps of `urls` all at once, as Zapier does when many are switched on together. */
async function subscribeAll(sandbox: Sandbox, urls: string[]): Promise<Outcome[]> {
  const authData = { api_key: sandbox.keys.write };
  return await Promise.all(
    urls.map(async (url): Promise<Outcome> => {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        const { id } = await appTester(booking.performSubscribe, { authData, targetUrl: url, inputData: {} });
        return { kind: 'subscribed', url, id, ms: ms() };
      } catch (error) {
        return (error as Error).name === 'ThrottledError'
          ? { kind: 'throttled', url, delay: zapierErrorFields(error).delay, ms: ms() }
          : { kind: 'failed', url, error, ms: ms() };
      }
    }),
  );
}

function ofKind<K extends Outcome['kind']>(outcomes: Outcome[], kind: K) {
  return outcomes.filter((outcome): outcome is Extract<Outcome, { kind: K }> => outcome.kind === kind);
}

/** How many webhooks the sandbox holds per hook URL, and the most any URL has. */
function webhooksPerUrl(sandbox: Sandbox) {
  const perUrl = new Map<string, number>();
  for (const { url } of sandbox.webhooks()) perUrl.set(url, (perUrl.get(url) ?? 0) + 1);
  return { perUrl, most: Math.max(0, ...perUrl.values()) };
}

/** The sandbox holds exactly the webhooks the successful subscribes returned. */
function expectWebhooksOf(sandbox: Sandbox, subscribed: { readonly id: string }[]) {
  const ids = (items: { readonly id: string }[]) => items.map(({ id }) => id).sort();
  expect(ids(sandbox.webhooks())).toEqual(ids(subscribed));
}

it('a burst of 100 subscribes over a 60 s window: the 429s become ThrottledErrors with the wait, at once, and no URL is registered twice', async () => {
  const { sandbox, counted } = await limitedSandbox(10, 60_000);
  const outcomes = await subscribeAll(sandbox, hookUrls());

  const subscribed = ofKind(outcomes, 'subscribed');
  const throttled = ofKind(outcomes, 'throttled');
  expect(ofKind(outcomes, 'failed')).toEqual([]);
  expect(subscribed.length).toBeGreaterThan(0);
  expect(throttled.length).toBeGreaterThan(0);
  // Clarky's wait (up to the 60 s window) is too long to sleep inside a Zapier call: each 429 is passed on
  // at once (one request per throttled call, no sleep inside it), with the wait as the ThrottledError's delay.
  expect(counted.tooManyRequests).toBe(throttled.length);
  for (const { delay } of throttled) expect(delay).toEqual(expect.any(Number));
  expect(Math.min(...throttled.map(({ delay }) => delay as number))).toBeGreaterThan(0);
  expect(Math.max(...throttled.map(({ delay }) => delay as number))).toBeLessThanOrEqual(60);

  // The webhooks are exactly those of the successful subscribes, one per URL; the throttled left none.
  const { perUrl, most } = webhooksPerUrl(sandbox);
  expect(most).toBe(1);
  expectWebhooksOf(sandbox, subscribed);
  expect([...perUrl.keys()].sort()).toEqual(subscribed.map(({ url }) => url).sort());
}, 30_000);

it("Zapier's retries of the throttled subscribes (2 s window) bring all 100 Zaps to exactly one webhook each", async () => {
  const { sandbox, counted } = await limitedSandbox(10, 2_000);
  const started = performance.now();
  const urls = hookUrls();
  let pending = urls;
  const rounds: { subscribed: number; throttled: number }[] = [];
  const all: Outcome[] = [];
  while (pending.length > 0 && rounds.length < 15) {
    const outcomes = await subscribeAll(sandbox, pending);
    all.push(...outcomes);
    const throttled = ofKind(outcomes, 'throttled');
    rounds.push({ subscribed: ofKind(outcomes, 'subscribed').length, throttled: throttled.length });
    expect(ofKind(outcomes, 'failed')).toEqual([]);
    // Never two webhooks for one URL, at any point.
    expect(webhooksPerUrl(sandbox).most).toBeLessThanOrEqual(1);
    pending = throttled.map(({ url }) => url);
    // Zapier retries after the ThrottledError's delay.
    if (throttled.length > 0) await sleep(1_000 * Math.max(...throttled.map(({ delay }) => delay as number)));
  }

  expect(pending).toEqual([]);
  const { perUrl } = webhooksPerUrl(sandbox);
  expect([...perUrl.keys()].sort()).toEqual([...urls].sort());
  expect([...perUrl.values()].every((count) => count === 1)).toBe(true);
  const subscribed = ofKind(all, 'subscribed');
  expect(subscribed).toHaveLength(ZAPS);
  expectWebhooksOf(sandbox, subscribed);
  const throttledErrors = ofKind(all, 'throttled').length;
  // Short waits (Retry-After <= 2 s) are retried inside the call, longer ones are Zapier's: more 429s than ThrottledErrors.
  expect(counted.tooManyRequests).toBeGreaterThanOrEqual(throttledErrors);
  console.log(
    `Zapier at scale, ${ZAPS} Zaps at 10 writes/2 s: rounds ${JSON.stringify(rounds)}, 429s ${counted.tooManyRequests}, ` +
      `ThrottledErrors ${throttledErrors}, duplicates 0, longest call ${Math.max(...all.map(({ ms }) => ms))} ms, ${Math.round(performance.now() - started)} ms in all`,
  );
}, 120_000);
