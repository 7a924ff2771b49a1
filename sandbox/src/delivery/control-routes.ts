/**
 * The sandbox's own controls, beside the Clarky API (under CONTROL_PREFIX): trigger an event, read the deliveries
 * log. The stand-in receiver needs no key, so the request handler answers it before any router.
 */
import { requireObject } from '../http/json-body';
import { Router } from '../http/router';
import { CONTROL_ROUTES } from '../http/sandbox-paths';
import type { DeliveryLog } from './delivery-log';
import type { EventDispatcher } from './event-dispatcher';

export function controlRouter(
  dispatcher: Pick<EventDispatcher, 'trigger'>,
  deliveries: Pick<DeliveryLog, 'list'>,
): Router {
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
