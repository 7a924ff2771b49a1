/** `/pipelines` and their stages: read-only, as Clarky documents them. */
import { ROUTE_PATTERNS } from '@clarky/core';
import { HttpError } from '../http/http-error';
import { exact, filteredPage } from './list-filters';
import type { RouteGroup } from './route-context';

export const pipelineRoutes: RouteGroup = (router, { records }) => {
  const { pipelines, stages } = records;
  return router
    .on('GET', ROUTE_PATTERNS.pipelines, ({ query }) => ({
      status: 200,
      body: filteredPage(pipelines, query, { bot_id: exact((pipeline) => pipeline.bot_id) }),
    }))
    .on('GET', ROUTE_PATTERNS.pipelineStages, ({ params }) => {
      if (!pipelines.some((pipeline) => pipeline.id === params.id)) {
        throw new HttpError('not_found', `No pipeline has id ${JSON.stringify(params.id)}.`);
      }
      const ordered = stages
        .filter((stage) => stage.pipeline_id === params.id)
        .sort((a, b) => a.order_index - b.order_index);
      // Clarky does not page stages: `data` only.
      return { status: 200, body: { data: ordered } };
    });
};
