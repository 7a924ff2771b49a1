/**
 * Core's client on the Zapier transport, inside Zapier's app tester (so every call is a real z.request), against a
 * local server that answers, stalls or hangs up as scripted: what a timeout and a broken connection become, and
 * which requests are tried again after them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClarkyApiError, ROUTES, createClarkyClient, type ApiRequest, type ClarkyClient } from '@clarky/core';
import type { ZObject } from 'zapier-platform-core';
import { zapierTransport } from '../src/zapier-transport';
import { appTester, webhook } from './fixtures';

/** What the server does with one request: answer, never answer, answer the head but never the body, hang up. */
type Behaviour = 'stall' | 'stall-body' | 'hang-up' | { readonly status: number; readonly body?: string };

interface FakeClarky {
  readonly url: string;
  /** `METHOD path` of each request that reached the server. */
  readonly seen: string[];
  close(): Promise<void>;
}

const servers: FakeClarky[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fakeClarky(behave: (index: number) => Behaviour): Promise<FakeClarky> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const behaviour = behave(seen.length);
      seen.push(`${request.method} ${request.url}`);
      if (behaviour === 'hang-up') request.socket.destroy();
      else if (behaviour === 'stall-body') response.writeHead(200, { 'Content-Type': 'application/json' }).write('{');
      else if (behaviour !== 'stall') {
        const headers = behaviour.body === undefined ? {} : { 'Content-Type': 'application/json' };
        response.writeHead(behaviour.status, headers).end(behaviour.body ?? '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clarky: FakeClarky = {
    url: `http://127.0.0.1:${port}/api/v1`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(clarky);
  return clarky;
}

/** A URL where nothing listens: a server that was started, then stopped. */
async function closedPort(): Promise<string> {
  const { url, close } = await fakeClarky(() => ({ status: 204 }));
  servers.pop();
  await close();
  return url;
}

const TIMEOUT_MS = 500;
const ATTEMPTS = 2;

/** How many times the client sent through the transport in the last viaZapier call. */
let sends = 0;

/** Runs `use` with core's client on the transport under test: two tries at most, no wait between them. */
function viaZapier<T>(baseUrl: string, use: (client: ClarkyClient) => Promise<T>): Promise<T> {
  sends = 0;
  return appTester((z: ZObject) => {
    const transport = zapierTransport(z);
    const counted = { ...transport, send: (request: ApiRequest) => (sends++, transport.send(request)) };
    const retry = { attempts: ATTEMPTS };
    return use(createClarkyClient({ baseUrl, transport: counted, timeoutMs: TIMEOUT_MS, retry, random: () => 0 }));
  });
}

async function failure(promise: Promise<unknown>): Promise<ClarkyApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ClarkyApiError);
  return error as ClarkyApiError;
}

const input = {
  name: 'Zapier: Booking Confirmed',
  url: 'https://hooks.zapier.com/x',
  events: ['booking.confirmed' as const],
};
const createPath = `POST /api/v1${ROUTES.webhooks}`;

/** Reads a webhook from a server that first does `first`, then answers: the GET must be sent again and succeed. */
async function readAfter(first: Behaviour): Promise<void> {
  const found = { status: 200, body: JSON.stringify({ data: webhook({ id: 'wh_1' }) }) };
  const clarky = await fakeClarky((index) => (index === 0 ? first : found));
  await expect(viaZapier(clarky.url, (client) => client.getWebhook('wh_1'))).resolves.toMatchObject({ id: 'wh_1' });
  expect(clarky.seen).toHaveLength(2);
}

/** Creates a webhook on a server that always does `behaviour`: the POST must reach it once, never again. */
async function createdOnce(behaviour: Behaviour): Promise<ClarkyApiError> {
  const clarky = await fakeClarky(() => behaviour);
  const error = await failure(viaZapier(clarky.url, (client) => client.createWebhook(input)));
  expect(clarky.seen).toEqual([createPath]);
  return error;
}

describe('a timeout', () => {
  it('ends the attempt, and a GET is tried again', async () => {
    await readAfter('stall');
  });

  it('never repeats a POST: the webhook may exist already, and the error says to look before creating again', async () => {
    const error = await createdOnce('stall');
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(error.message).toContain(`did not answer within ${TIMEOUT_MS} ms`);
    expect(error.message).toContain('It may have been created anyway');
  });

  it('counts a body that stops arriving as a timeout too, and never repeats the POST', async () => {
    expect((await createdOnce('stall-body')).code).toBe('timeout');
  });
});

describe('a broken connection', () => {
  it('that never opened is a network error naming the errno, and even a POST is tried again', async () => {
    const url = await closedPort();
    const error = await failure(viaZapier(url, (client) => client.createWebhook(input)));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toMatch(/^Could not reach Clarky at http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(ECONNREFUSED\)/);
    expect(sends).toBe(ATTEMPTS);
  });

  it('that drops mid-request is a network error; a GET is tried again, a POST is not', async () => {
    await readAfter('hang-up');
    expect((await createdOnce('hang-up')).code).toBe('network_error');
  });
});

describe('answers', () => {
  it('hands the client an empty body as no body, and a body that is not JSON as its text', async () => {
    const answers: Behaviour[] = [{ status: 204 }, { status: 200 }, { status: 200, body: '<html>' }];
    const clarky = await fakeClarky((index) => answers[index]!);
    await expect(viaZapier(clarky.url, (client) => client.deleteWebhook('wh_1'))).resolves.toBeUndefined();
    expect((await failure(viaZapier(clarky.url, (client) => client.getWebhook('wh_1')))).message).toContain(
      'an empty body',
    );
    expect((await failure(viaZapier(clarky.url, (client) => client.getWebhook('wh_1')))).message).toContain(
      'a body that is not JSON',
    );
  });
});
