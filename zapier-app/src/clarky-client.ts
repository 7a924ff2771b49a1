/** The Clarky client as the app uses it: Zapier's HTTP, the fixed base URL, a short retry budget. */
import { createClarkyClient, type ClarkyClient } from '@clarky/core';
import type { ZObject } from 'zapier-platform-core';
import { clarkyBaseUrl } from './base-url';
import { zapierTransport } from './zapier-transport';

/**
 * Zapier stops a step after 30 s. Short waits are retried in place; a longer Retry-After ends the
 * attempt at once and becomes a ThrottledError, so Zapier schedules the retry instead.
 */
const RETRY = { attempts: 3, maxTotalMs: 15_000 };

export function clarkyClient(z: ZObject): ClarkyClient {
  return createClarkyClient({ baseUrl: clarkyBaseUrl(), transport: zapierTransport(z), retry: RETRY });
}
