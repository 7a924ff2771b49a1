/**
 * The one error the Clarky client throws, and how Clarky's answers (or their absence) become it.
 * Every message says what went wrong and what to do; no message, detail or stack carries a secret
 * (see redact.ts), and the transport's own error object is never kept (n8n's and axios' errors
 * hold the request, headers included).
 */
import type { z } from 'zod/v4';
import type { Redact } from './redact';
import { DEFAULT_BASE_URL, ERROR_CODES, ErrorBodySchema, type ErrorCode } from './schemas';
import type { ApiMethod, ApiResponse } from './transport';

/** Clarky's documented codes plus the three the client adds when there is no usable answer. */
export type ClarkyErrorCode = ErrorCode | 'network_error' | 'timeout' | 'malformed_response';

export interface ClarkyApiErrorInit {
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  /** Clarky's code (it may add new ones), or one of the client's own. */
  readonly code: ClarkyErrorCode | (string & {});
  readonly message: string;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;
}

export class ClarkyApiError extends Error {
  static {
    // On the prototype, so the stack's first line already reads "ClarkyApiError: ...".
    Object.defineProperty(this.prototype, 'name', { value: 'ClarkyApiError', enumerable: false });
  }

  readonly status: number;
  readonly code: ClarkyErrorCode | (string & {});
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ClarkyApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** What logs get: everything a user needs, no stack. */
  toJSON() {
    const { name, status, code, message, details, retryAfterSeconds } = this;
    return { name, status, code, message, details, retryAfterSeconds };
  }
}

/** What the client knows about the request when something goes wrong. */
export interface FailureContext {
  readonly method: ApiMethod;
  /** The API path without query, e.g. `/webhooks/wh_1`. */
  readonly path: string;
  /** The base URL as shown to users (no credentials, no query). */
  readonly baseUrl: string;
  /** What the request is about, for 404/409/422 ("webhook wh_1"); absent for lists. */
  readonly subject?: string;
  readonly timeoutMs: number;
  readonly redact: Redact;
}

/** ERROR_CODES turned around: the code Clarky means by a status when it sends none. */
const STATUS_CODES: ReadonlyMap<number, ErrorCode> = new Map(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => [ERROR_CODES[code], code]),
);

const MAX_QUOTED = 300;
const MAX_FIELDS = 10;

/** A non-2xx answer. `retryAfterSeconds` is worked out by the caller (retry.ts reads the headers). */
export function errorFromResponse(
  response: ApiResponse,
  context: FailureContext,
  retryAfterSeconds?: number,
): ClarkyApiError {
  // Redacted before anything is quoted: truncation could otherwise cut a secret past recognition.
  const envelope = ErrorBodySchema.safeParse(context.redact(response.body));
  const clarky = envelope.success ? envelope.data.error : undefined;
  const code =
    clarky?.code ?? STATUS_CODES.get(response.status) ?? (response.status >= 500 ? 'internal_error' : 'bad_request');
  const said = clarky ? quote(clarky.message) : undefined;
  const message = describeStatus(response.status, context, said, clarky?.details, retryAfterSeconds);
  return build(context, { status: response.status, code, message, details: clarky?.details, retryAfterSeconds });
}

/** The transport rejected: no response arrived. Only the error's name and errno code are read. */
export function errorFromFailure(failure: unknown, context: FailureContext): ClarkyApiError {
  if (isTimeout(failure)) {
    const ms = context.timeoutMs;
    const within = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
    const message =
      `Clarky at ${context.baseUrl} did not answer within ${within}; try again later.` + unsureHint(context);
    return build(context, { status: 0, code: 'timeout', message });
  }
  const errno = failureCode(failure);
  const message = `Could not reach Clarky at ${context.baseUrl}${errno ? ` (${errno})` : ''}; check the base URL and the network connection.`;
  return build(context, { status: 0, code: 'network_error', message });
}

/** A 2xx answer whose body is not what Clarky documents: usually a base URL that points elsewhere. */
export function malformedResponse(
  response: ApiResponse,
  context: FailureContext,
  issues: readonly z.core.$ZodIssue[],
): ClarkyApiError {
  const what =
    response.body === undefined
      ? 'an empty body'
      : typeof response.body === 'string'
        ? 'a body that is not JSON'
        : `JSON of the wrong shape (${describeIssues(issues)})`;
  const message =
    `Clarky answered something unexpected to ${context.method} ${context.path} (HTTP ${response.status}): ${what}. ` +
    `Check that the base URL (${context.baseUrl}) is Clarky's API, e.g. ${DEFAULT_BASE_URL}.`;
  return build(context, { status: response.status, code: 'malformed_response', message });
}

/**
 * The Node errno code (ECONNREFUSED...) on a rejection, its `cause` (fetch wraps it there) or, for happy eyeballs'
 * AggregateError (one error per address tried), its first error.
 */
export function failureCode(failure: unknown): string | undefined {
  for (let current: unknown = failure, depth = 0; isObject(current) && depth < 4; depth++) {
    if (typeof current.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(current.code)) return current.code;
    current = current.cause ?? (Array.isArray(current.errors) ? current.errors[0] : undefined);
  }
  return undefined;
}

function isTimeout(failure: unknown): boolean {
  if (!isObject(failure)) return false;
  const code = failureCode(failure);
  return failure.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNABORTED';
}

function describeStatus(
  status: number,
  context: FailureContext,
  said: string | undefined,
  details: unknown,
  retryAfterSeconds: number | undefined,
): string {
  const because = said ? `: ${said}` : '';
  switch (status) {
    case 400:
      return `Clarky refused the request as invalid${because}. This is likely a bug in the Clarky integration; please report it.`;
    case 401:
    case 403:
    case 404:
      return accessAdvice(status, { ...context, said });
    case 409:
      return `Clarky reported a conflict${context.subject ? ` with ${context.subject}` : ''}${because}. Reload it and try again.`;
    case 422: {
      const fields = describeDetails(details);
      return fields
        ? `Clarky refused the ${context.subject ?? 'request'}: ${fields}. Fix ${fields.includes(';') ? 'these fields' : 'this field'} and try again.`
        : `Clarky refused the ${context.subject ?? 'request'}${because}. Fix it and try again.`;
    }
    case 429:
      return retryAfterSeconds === undefined
        ? 'Clarky is rate limiting this API key; wait a minute and try again.'
        : `Clarky is rate limiting this API key; retry after ${retryAfterSeconds} s.`;
  }
  if (status >= 500) return `Clarky had a problem (HTTP ${status}); try again later.` + unsureHint(context);
  return `Clarky answered HTTP ${status} to ${context.method} ${context.path}${because}.`;
}

/** The request an access answer (401, 403, 404) came back to. */
export interface AccessRequest {
  readonly method: ApiMethod;
  /** The API path without query, e.g. `/agents`. */
  readonly path: string;
  /** What the request is about ("webhook wh_1"); absent for lists. */
  readonly subject?: string;
  /** The base URL as shown to users; absent where it is not known, e.g. a credential form's fixed text. */
  readonly baseUrl?: string;
  /** Clarky's own message, quoted. */
  readonly said?: string;
}

/**
 * What to fix when Clarky refuses the key (401; 403, where a write needs the write scope) or has nothing at the
 * address (404): the client's errors and n8n's credential test say it in these words.
 */
export function accessAdvice(status: 401 | 403 | 404, request: AccessRequest): string {
  const because = request.said ? `: ${request.said}` : '';
  switch (status) {
    case 401:
      return 'Clarky rejected the API key; create one under Settings > API Keys and use it here.';
    case 403:
      return request.method === 'GET'
        ? `Clarky refused this API key access${because}. Check that the key belongs to the right workspace.`
        : 'The Clarky API key lacks the write scope; create a key with write scope under Settings > API Keys and use it here.';
    case 404:
      // A create has no id to miss: its 404 means the endpoint itself is missing.
      return request.subject && request.method !== 'POST'
        ? `Clarky has no ${request.subject}; it may have been deleted.`
        : `Clarky has nothing at ${request.method} ${request.path}; check the base URL (${request.baseUrl ?? `Clarky's is ${DEFAULT_BASE_URL}`}).`;
  }
}

/** A create that failed without a clear answer may still have happened (see retry.ts). */
function unsureHint(context: FailureContext): string {
  return context.method === 'POST'
    ? ` It may have been created anyway: look for it in Clarky before creating it again.`
    : '';
}

/**
 * Clarky's 422 details name each bad field. Both shapes seen in JSON APIs are read:
 * `{ field: message | messages[] }` and `[{ field | path, message }]`.
 */
function describeDetails(details: unknown): string | undefined {
  const entries: [string, string][] = [];
  if (Array.isArray(details)) {
    for (const item of details) {
      if (!isObject(item)) continue;
      const field = item.field ?? item.path ?? item.name;
      const text = messageOf(item.message ?? item.msg);
      if (text) entries.push([Array.isArray(field) ? field.join('.') : String(field ?? 'request'), text]);
    }
  } else if (isObject(details)) {
    for (const [field, value] of Object.entries(details)) {
      const text = messageOf(value);
      if (text) entries.push([field, text]);
    }
  }
  if (entries.length === 0) return undefined;
  const shown = entries.slice(0, MAX_FIELDS).map(([field, text]) => `${field}: ${quote(text)}`);
  const more = entries.length > MAX_FIELDS ? `; and ${entries.length - MAX_FIELDS} more` : '';
  return shown.join('; ') + more;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const texts = value.map(messageOf).filter((text): text is string => text !== undefined);
    return texts.length > 0 ? texts.join(', ') : undefined;
  }
  if (isObject(value)) return messageOf(value.message);
  return undefined;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
  return shown.join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
}

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}...` : line;
}

function build(context: FailureContext, init: ClarkyApiErrorInit): ClarkyApiError {
  return new ClarkyApiError({ ...init, message: context.redact(init.message), details: context.redact(init.details) });
}

function isObject(value: unknown): value is Record<string, unknown> & { cause?: unknown } {
  return typeof value === 'object' && value !== null;
}
