/**
 * Core's client sends through z.request, so Zapier sees, logs and scrubs every call, and the
 * bearer key comes from the app's beforeRequest middleware. The client reads every status itself.
 */
import { lowerCaseHeaders, type ApiResponse, type Transport } from '@clarky/core';
import { setTimeout } from 'node:timers/promises';
import type { ZObject } from 'zapier-platform-core';

export function zapierTransport(z: ZObject): Transport {
  return {
    async send(request): Promise<ApiResponse> {
      let response;
      try {
        response = await z.request({
          url: request.url,
          method: request.method,
          headers: { ...request.headers },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          timeout: request.timeoutMs,
          skipThrowForStatus: true,
        });
      } catch (failure) {
        throw asTimeout(failure);
      }
      const body: unknown = response.data ?? (response.content === '' ? undefined : response.content);
      return { status: response.status, headers: lowerCaseHeaders(response.headers), body };
    },
    sleep: async (ms) => await setTimeout(ms),
  };
}

/** node-fetch's timeouts, before the answer's head and while reading its body. */
const FETCH_TIMEOUTS = new Set<unknown>(['request-timeout', 'body-timeout']);

/** node-fetch reports its own timeouts by `type` (FETCH_TIMEOUTS); core recognises a TimeoutError. */
function asTimeout(failure: unknown): unknown {
  if (typeof failure === 'object' && failure !== null && FETCH_TIMEOUTS.has((failure as { type?: unknown }).type)) {
    const timeout = new Error('Request timed out');
    timeout.name = 'TimeoutError';
    return timeout;
  }
  return failure;
}
