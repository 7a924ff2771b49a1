/**
 * The sandbox's own controls, beside the Clarky API: trigger an event, read the deliveries log,
 * and a stand-in receiver that answers 200 so the start-up curl recipe works with nothing else.
 */
import type { DeliveryLog } from './delivery-log';
import type { EventDispatcher } from './event-dispatcher';
import { requireObject } from './json-body';
import { Router } from './router';

export const CONTROL_PREFIX = '/_sandbox';
export const CONTROL_ROUTES = {
  events: '/events',
  deliveries: '/deliveries',
  receiver: '/receiver',
} as const;

/** A control route's full URL on a sandbox's origin, e.g. controlUrl(origin, 'events'). */
export function controlUrl(origin: string, route: keyof typeof CONTROL_ROUTES): string {
  return origin + CONTROL_PREFIX + CONTROL_ROUTES[route];
}

export function controlRouter(dispatcher: EventDispatcher, deliveries: DeliveryLog): Router {
  return new Router()
    .on('POST', CONTROL_ROUTES.events, async ({ body }) => ({
      status: 200,
      body: { data: await dispatcher.trigger(requireObject(body)) },
    }))
    .on('GET', CONTROL_ROUTES.deliveries, ({ query }) => ({
      status: 200,
      body: { data: deliveries.list({ webhookId: query.get('webhook_id') ?? undefined }) },
    }));
}
