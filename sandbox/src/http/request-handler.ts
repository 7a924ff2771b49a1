/**
 * The HTTP front door. Under the API base path, Clarky's order of checks: rate limit (per key, or per
 * address without one), 401 without a valid key, 404 for an unknown route, 403 for a write with
 * the read key, then the handler. Every API response carries the X-RateLimit-* headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { HttpError } from './http-error';
import { readJsonBody } from './json-body';
import type { RateLimiter } from './rate-limiter';
import type { Reply, Router } from './router';
import { API_PREFIX, CONTROL_PREFIX, CONTROL_ROUTES } from './sandbox-paths';

/** What a key may do: `read` is GET and HEAD only, `write` everything. */
export type KeyScope = 'read' | 'write';

export interface KeyCheck {
  /** The scope of the key in an `Authorization: Bearer <key>` header; undefined when absent or unknown. */
  scopeOf(authorization: string | undefined): KeyScope | undefined;
}

export interface FrontDoor {
  readonly keys: KeyCheck;
  readonly limiter: RateLimiter;
  readonly api: Router;
  readonly control: Router;
  readonly log: ((line: string) => void) | undefined;
}

export function requestHandler(door: FrontDoor) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
    const headers: Record<string, string> = {};
    let reply: Reply;
    try {
      reply = await route(door, request, method, url, headers);
    } catch (error) {
      const failure =
        error instanceof HttpError
          ? error
          : new HttpError('internal_error', `The sandbox failed: ${(error as Error).message}`);
      if (!(error instanceof HttpError)) door.log?.(`error: ${(error as Error).stack ?? String(error)}`);
      Object.assign(headers, failure.headers);
      reply = { status: failure.status, body: failure.toBody() };
    }
    send(response, reply, headers);
    door.log?.(`${request.method} ${url.pathname} ${reply.status} ${Math.round(performance.now() - started)} ms`);
  };
}

async function route(
  door: FrontDoor,
  request: IncomingMessage,
  method: string,
  url: URL,
  headers: Record<string, string>,
): Promise<Reply> {
  const write = method !== 'GET';
  const path = url.pathname;
  if (path === CONTROL_PREFIX + CONTROL_ROUTES.receiver) return { status: 200, body: { received: true } };

  const underApi = within(path, API_PREFIX);
  const underControl = within(path, CONTROL_PREFIX);
  if (!underApi && !underControl) throw notFound(request.method, path);

  const scope = door.keys.scopeOf(request.headers.authorization);
  if (underApi) {
    const identity = scope ? `key:${scope}` : `address:${request.socket.remoteAddress}`;
    const decision = door.limiter.take(identity, write ? 'write' : 'read');
    headers['X-RateLimit-Limit'] = String(decision.limit);
    headers['X-RateLimit-Remaining'] = String(decision.remaining);
    headers['X-RateLimit-Reset'] = String(decision.resetAt);
    if (!decision.allowed) {
      headers['Retry-After'] = String(decision.retryAfter);
      const kind = write ? 'writes' : 'reads';
      throw new HttpError(
        'rate_limited',
        `Rate limit reached (${decision.limit} ${kind} per rolling window for this key); retry after ${decision.retryAfter} s.`,
      );
    }
  }
  if (!scope) {
    throw new HttpError(
      'unauthorized',
      'Missing or unknown API key; send Authorization: Bearer <key> with a sandbox key.',
    );
  }

  const router = underApi ? door.api : door.control;
  const subPath = path.slice((underApi ? API_PREFIX : CONTROL_PREFIX).length);
  const match = router.match(method, subPath);
  if (!match) throw notFound(request.method, path);
  if (write) requireWrite(scope);
  const body = write ? await readJsonBody(request) : undefined;
  return match.handler({ params: match.params, query: url.searchParams, body });
}

function requireWrite(scope: KeyScope): void {
  if (scope !== 'write') {
    throw new HttpError('forbidden', 'This API key is read-only; use a key with the write scope to change anything.');
  }
}

function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function notFound(method: string | undefined, path: string): HttpError {
  return new HttpError('not_found', `No route ${method} ${path}; check the method and the path.`);
}

function send(response: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  response
    .writeHead(reply.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    })
    .end(text);
}
