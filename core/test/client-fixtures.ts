/** Shared by the client tests: Clarky-shaped objects, a fake clock, a client over real fetch. */
import nock from 'nock';
import { createClarkyClient, type ClarkyClientOptions } from '../src/api/client';
import { ClarkyApiError } from '../src/api/errors';
import type { Agent, Webhook } from '../src/api/schemas';
import { fetchTransport } from '../src/fetch-transport';

export const ORIGIN = 'https://clarky.test';
export const BASE_URL = `${ORIGIN}/api/v1`;
export const API_KEY = 'ck_live_9f3Kq2Lm7Xv1Rt8Wz4Yb6Nc0Pd5Hs2';
/**
 * A nock delay no test waits out: the request hangs until the client's timeout aborts it, however loaded the machine
 * (a reply due soon after the timeout could win the race). isolateNetwork's abortPendingRequests drops the timer.
 */
export const NO_ANSWER_MS = 3_600_000;

export function agent(index: number): Agent {
  return {
    id: `b_01HDEF${String(index).padStart(20, '0')}`,
    workspace_id: 'w_01HABC',
    name: `Agent ${index}`,
    slug: `agent-${index}`,
    summary: null,
    enabled: true,
    agent_role: 'receptionist',
    agent_email: null,
    agent_phone: null,
  };
}

export function webhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: 'wh_01HWEBHOOK',
    workspace_id: 'w_01HABC',
    name: 'n8n: Bookings',
    description: null,
    url: 'https://n8n.example.com/webhook/abc/clarky',
    method: 'POST',
    events: ['booking.created'],
    bot_ids: [],
    has_bearer_token: true,
    payload_template: null,
    enabled: true,
    created_at: '2026-11-26T10:00:00Z',
    updated_at: '2026-11-26T10:00:00Z',
    ...overrides,
  };
}

export function page<T>(data: T[], pageNumber: number, totalPages: number, total: number) {
  return { data, pagination: { page: pageNumber, page_size: 100, total, total_pages: totalPages } };
}

export function clarkyError(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** A clock whose sleeps are recorded and advance time instantly. */
export function fakeClock(start = Date.parse('2026-11-26T12:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A scripted random source: each call returns the next value, cycling. */
export function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

/** A client over the real fetch transport (nock intercepts fetch), waits faked. */
export function testClient(options: Partial<ClarkyClientOptions> = {}) {
  const clock = fakeClock();
  const client = createClarkyClient({
    baseUrl: BASE_URL,
    apiKey: API_KEY,
    transport: { ...fetchTransport(), sleep: clock.sleep },
    now: clock.now,
    random: sequence(0.5),
    ...options,
  });
  return { client, clock };
}

/** Awaits a rejection and checks it is a ClarkyApiError (so tests read its fields safely). */
export async function rejection(promise: Promise<unknown>): Promise<ClarkyApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ClarkyApiError);
  return error as ClarkyApiError;
}

/** Everything an error could show: message, stack, JSON, details, own properties. */
export function everythingShown(error: Error): string {
  return [error.message, error.stack, JSON.stringify(error), String(error), JSON.stringify(Object.entries(error))].join(
    '\n',
  );
}

export function isolateNetwork() {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}
