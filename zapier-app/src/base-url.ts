/**
 * Where the app talks to Clarky. Always Clarky's own API in production; an environment
 * variable (never a user field) points it elsewhere for tests and the local sandbox, so no
 * Zap can be aimed at another host.
 */
import { DEFAULT_BASE_URL } from '@clarky/core';

export const BASE_URL_VARIABLE = 'CLARKY_BASE_URL';

export function clarkyBaseUrl(): string {
  return (process.env[BASE_URL_VARIABLE] || DEFAULT_BASE_URL).replace(/\/+$/, '');
}
