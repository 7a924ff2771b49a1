/** `/pipelines` and their stages: read-only, as Clarky documents them. */
import { ROUTES } from '@clarky/core';
import type { RouteContext } from './api-routes';
import { HttpError } from './http-error';
import { exact, filteredPage } from './list-filters';
import type { Router } from './router';

export function pipelineRoutes(router: Router, { records }: RouteContext): Router {
  const { pipelines, stages } = records;
  return router
    .on('GET', ROUTES.pipelines, ({ query }) => ({
      status: 200,
      body: filteredPage(pipelines, query, { bot_id: exact((pipeline) => pipeline.bot_id) }),
    }))
    .on('GET', ROUTES.pipelineStages(':id'), ({ params }) => {
      if (!pipelines.some((pipeline) => pipeline.id === params.id)) {
        throw new HttpError('not_found', `No pipeline has id ${JSON.stringify(params.id)}.`);
      }
      const ordered = stages
        .filter((stage) => stage.pipeline_id === params.id)
        .sort((a, b) => a.order_index - b.order_index);
      // Clarky does not page stages: `data` only.
      return { status: 200, body: { data: ordered } };
    });
}
