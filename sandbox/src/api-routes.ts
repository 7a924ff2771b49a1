/** Clarky's API as the sandbox serves it (paths from core's ROUTES, relative to `/api/v1`). */
import { isEventKey, ROUTES, type Agent } from '@clarky/core';
import { companyRoutes } from './company-routes';
import { contactRoutes } from './contact-routes';
import type { EventLog } from './event-log';
import { paginate } from './pagination';
import { pipelineRoutes } from './pipeline-routes';
import { Router } from './router';
import type { SeededRandom } from './seeded-random';
import { sequenceRoutes } from './sequence-routes';
import { missingId, unknownAgent, unknownEvent, validationError, type FieldProblem } from './validation';
import { checkCreate, checkUpdate } from './webhook-input';
import type { WebhookStore } from './webhook-store';
import type { WorkspaceRecords } from './workspace-records';

export interface ApiState {
  readonly workspaceId: string;
  readonly agents: readonly Agent[];
  readonly records: WorkspaceRecords;
  readonly webhooks: WebhookStore;
  readonly events: EventLog;
  /** Ids of the records the API creates. */
  readonly random: SeededRandom;
}

/** What every route group gets: the state, and the check Clarky makes of a body's bot_id. */
export interface RouteContext extends ApiState {
  /** A 422 problem when the body's bot_id is not an agent of this workspace. */
  agentProblems(input: Record<string, unknown>): FieldProblem[];
}

export function apiRouter(state: ApiState): Router {
  const { agents, webhooks, events } = state;
  const context: RouteContext = {
    ...state,
    agentProblems: (input) =>
      missingId(
        input,
        'bot_id',
        (id) => agents.some((agent) => agent.id === id),
        (field, id) => unknownAgent(field, id),
      ),
  };
  const webhookPath = ROUTES.webhook(':id');
  const router = new Router().on('GET', ROUTES.agents, ({ query }) => ({ status: 200, body: paginate(agents, query) }));
  for (const routes of [contactRoutes, companyRoutes, pipelineRoutes, sequenceRoutes]) routes(router, context);
  return router
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
