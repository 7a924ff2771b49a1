/**
 * A Transport over the platform's fetch, for scripts, the sandbox's tests and end-to-end tests
 * (`@clarky/core/fetch`). Kept out of core's index: it uses timers, which n8n's scanner bans in
 * the bundled node (n8n passes its own send and sleep).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { failureCode } from './api/errors';
import type { ApiRequest, ApiResponse, Transport } from './api/transport';

export interface FetchTransportOptions {
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async send(request: ApiRequest): Promise<ApiResponse> {
      // One signal for the whole exchange, so a body that trickles in also times out.
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await fetchImpl(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal,
        });
        const text = await response.text();
        return {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: parseBody(text, response.headers.get('content-type')),
        };
      } catch (failure) {
        throw describeFailure(failure, signal, request);
      }
    },
    sleep: (ms: number) => sleep(ms),
  };
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!contentType || !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Only what the client reads survives: a TimeoutError name, or the errno code (fetch hides it in
 * `cause`). The original error is dropped, so nothing of the request travels further.
 */
function describeFailure(failure: unknown, signal: AbortSignal, request: ApiRequest): Error {
  if (signal.aborted) {
    const timeout = new Error(`No answer within ${request.timeoutMs} ms`);
    timeout.name = 'TimeoutError';
    return timeout;
  }
  const code = failureCode(failure);
  return Object.assign(new Error(code ? `Request failed (${code})` : 'Request failed'), code ? { code } : {});
}
