/**
 * The client's only door to the world. Core does no I/O: each host supplies `send`
 * (n8n: httpRequestWithAuthentication, Zapier: z.request, scripts: fetch-transport.ts)
 * and `sleep` (n8n-workflow's sleep; timers are banned in n8n's bundled code).
 */
export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  readonly method: ApiMethod;
  /** Absolute URL including the query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON value to send, already an object (the transport serialises it). */
  readonly body?: unknown;
  /** Give up on this attempt after this long. */
  readonly timeoutMs: number;
}

export interface ApiResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON when the body was JSON, the raw text otherwise, undefined when empty. */
  readonly body: unknown;
}

export interface Transport {
  /**
   * Resolves with any HTTP status; rejects only when no response arrived. The client reads two
   * things off a rejection: `name === 'TimeoutError'` (or code ETIMEDOUT/ECONNABORTED) means the
   * attempt timed out; a Node errno `code` (ECONNREFUSED, ENOTFOUND...) on the error or its `cause`
   * tells whether the request could have reached Clarky. Nothing else of it is kept or shown.
   */
  send(request: ApiRequest): Promise<ApiResponse>;
  sleep(ms: number): Promise<void>;
}

interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
}

/** What a host hands back as response headers: a plain record (n8n) or a fetch-style Headers (Zapier). */
export type HostHeaders = Readonly<Record<string, unknown>> | HeadersLike;

/** Response headers as ApiResponse wants them: names in lower case, repeated values joined. */
export function lowerCaseHeaders(headers: HostHeaders | undefined): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  if (!headers) return result;
  if (typeof headers.forEach === 'function') {
    (headers as HeadersLike).forEach((value, name) => (result[name.toLowerCase()] = value));
    return result;
  }
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = Array.isArray(value)
      ? value.join(', ')
      : value === undefined
        ? undefined
        : String(value);
  }
  return result;
}
