/** Test helpers: a real local receiver for deliveries, and a small fetch wrapper for the sandbox API. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_KEYS, type EventKey } from '@clarky/core';
import { controlUrl, startSandbox, type CONTROL_ROUTES, type Sandbox, type SandboxOptions } from '../src';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the receiver does with request number `index` (0-based): answer a status (and body), stall, or hang up. */
export type Behaviour = number | 'hang-up' | { stallMs: number } | { status: number; body: string };

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(
  behave: (index: number, request: Received) => Behaviour = () => 200,
): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://receiver.invalid');
      const index = received.length;
      const seen: Received = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(seen);
      const behaviour = behave(index, seen);
      if (behaviour === 'hang-up') request.socket.destroy();
      else if (typeof behaviour === 'object' && 'body' in behaviour)
        response.writeHead(behaviour.status).end(behaviour.body);
      else if (typeof behaviour === 'object') setTimeout(() => response.end('late'), behaviour.stallMs).unref();
      else response.writeHead(behaviour).end(behaviour >= 400 ? `answer ${behaviour}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A sandbox on a free port with fast retries; silent. */
export function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, delivery: { timeoutMs: 1_000, retryDelaysMs: [20, 40] }, ...options });
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON came back
  readonly body: any;
}

/** Calls the sandbox with a key; `path` is relative to the base URL unless it starts with the origin. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; rawBody?: string } = {},
): Promise<Answer> {
  const key = options.key === undefined ? sandbox.keys.write : options.key;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const url = path.startsWith('http') ? path : sandbox.url + path;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A valid webhook body aimed at a receiver, with any fields replaced. */
export function webhookBody(url: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Test hook', url, events: [EVENT], ...fields };
}

/** Any two events: which ones does not matter to the sandbox's rules. */
export const [EVENT, OTHER_EVENT] = EVENT_KEYS as [EventKey, EventKey, ...EventKey[]];

/** A control route's full URL, e.g. control(sandbox, 'events'). */
export function control(sandbox: Sandbox, route: keyof typeof CONTROL_ROUTES): string {
  return controlUrl(sandbox.origin, route);
}
