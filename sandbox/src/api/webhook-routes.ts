/** `/webhooks`: the webhook endpoints this project assumes (core's ASSUMED_ENDPOINTS), on Clarky's conventions. */
import { isEventKey, ROUTE_PATTERNS } from '@clarky/core';
import { unknownAgent, unknownEvent, validationError, type FieldProblem } from '../http/validation';
import { paginate } from './pagination';
import type { RouteGroup } from './route-context';
import { checkCreate, checkUpdate } from './webhook-input';

export const webhookRoutes: RouteGroup = (router, { agents, webhooks, events }) =>
  router
    .on('GET', ROUTE_PATTERNS.webhooks, ({ query }) => ({ status: 200, body: paginate(webhooks.list(), query) }))
    .on('POST', ROUTE_PATTERNS.webhooks, ({ body }) => ({
      status: 201,
      body: { data: webhooks.create(checkCreate(body, agents)) },
    }))
    // Before `/webhooks/{id}`, which would otherwise take `samples` for an id.
    .on('GET', ROUTE_PATTERNS.webhookSamples, ({ query }) => {
      const event = query.get('event') ?? '';
      const botId = query.get('bot_id') ?? undefined;
      const problems: FieldProblem[] = [];
      const known = isEventKey(event);
      if (!known) problems.push(unknownEvent('event', event));
      if (botId !== undefined && !agents.some((agent) => agent.id === botId)) {
        problems.push(unknownAgent('bot_id', botId));
      }
      if (!known || problems.length > 0) throw validationError(problems);
      return { status: 200, body: { data: events.samples(event, botId) } };
    })
    .on('GET', ROUTE_PATTERNS.webhook, ({ params }) => ({
      status: 200,
      body: { data: webhooks.require(params.id!).view },
    }))
    .on('PATCH', ROUTE_PATTERNS.webhook, ({ params, body }) => {
      webhooks.require(params.id!); // an unknown id is a 404 whatever the body says
      return { status: 200, body: { data: webhooks.update(params.id!, checkUpdate(body, agents)) } };
    })
    .on('DELETE', ROUTE_PATTERNS.webhook, ({ params }) => {
      webhooks.delete(params.id!);
      return { status: 204 };
    });
