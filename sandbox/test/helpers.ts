/** Test helpers: a sandbox for tests, a small fetch wrapper for its API, and a valid webhook body. */
import { EVENT_KEYS, type EventKey } from '@clarky/core';
import { controlUrl, startSandbox, type CONTROL_ROUTES, type Sandbox, type SandboxOptions } from '../src';

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
