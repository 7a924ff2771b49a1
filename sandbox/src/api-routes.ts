/** Clarky's API as the sandbox serves it (paths from core's ROUTES, relative to `/api/v1`). */
import { isEventKey, ROUTES, type Agent } from '@clarky/core';
import type { EventLog } from './event-log';
import { HttpError } from './http-error';
import { paginate } from './pagination';
import { Router } from './router';
import type { Contact } from './seed-data';
import { unknownAgent, unknownEvent, validationError, type FieldProblem } from './validation';
import { checkCreate, checkUpdate } from './webhook-input';
import type { WebhookStore } from './webhook-store';

export interface ApiState {
  readonly agents: readonly Agent[];
  readonly contacts: readonly Contact[];
  readonly webhooks: WebhookStore;
  readonly events: EventLog;
}

export function apiRouter({ agents, contacts, webhooks, events }: ApiState): Router {
  const webhookPath = `${ROUTES.webhooks}/:id`;
  return new Router()
    .on('GET', ROUTES.agents, ({ query }) => ({ status: 200, body: paginate(agents, query) }))
    .on('GET', ROUTES.contacts, ({ query }) => ({ status: 200, body: paginate(contacts, query) }))
    .on('GET', `${ROUTES.contacts}/:id`, ({ params }) => {
      const contact = contacts.find((candidate) => candidate.id === params.id);
      if (!contact) throw new HttpError('not_found', `No contact has id ${JSON.stringify(params.id)}.`);
      return { status: 200, body: { data: contact } };
    })
    .on('GET', ROUTES.webhooks, ({ query }) => ({ status: 200, body: paginate(webhooks.list(), query) }))
    .on('POST', ROUTES.webhooks, ({ body }) => ({
      status: 201,
      body: { data: webhooks.create(checkCreate(body, agents)) },
    }))
    .on('GET', ROUTES.webhookSamples, ({ query }) => {
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
    .on('GET', webhookPath, ({ params }) => ({ status: 200, body: { data: webhooks.require(params.id!).view } }))
    .on('PATCH', webhookPath, ({ params, body }) => {
      webhooks.require(params.id!); // an unknown id is a 404 whatever the body says
      return { status: 200, body: { data: webhooks.update(params.id!, checkUpdate(body, agents)) } };
    })
    .on('DELETE', webhookPath, ({ params }) => {
      webhooks.delete(params.id!);
      return { status: 204 };
    });
}
