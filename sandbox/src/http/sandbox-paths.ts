/**
 * Where the sandbox serves what: Clarky's API under the path of core's DEFAULT_BASE_URL (`/api/v1`, with core's
 * ROUTE_PATTERNS below it), and its own controls under `/_sandbox`.
 */
import { DEFAULT_BASE_URL } from '@clarky/core';

export const API_PREFIX = new URL(DEFAULT_BASE_URL).pathname;

export const CONTROL_PREFIX = '/_sandbox';
export const CONTROL_ROUTES = {
  events: '/events',
  deliveries: '/deliveries',
  /** Answers 200 to any request, without a key: a stand-in subscriber for the start-up curl recipe. */
  receiver: '/receiver',
} as const;

/** A control route's full URL on a sandbox's origin, e.g. controlUrl(origin, 'events'). */
export function controlUrl(origin: string, route: keyof typeof CONTROL_ROUTES): string {
  return origin + CONTROL_PREFIX + CONTROL_ROUTES[route];
}
