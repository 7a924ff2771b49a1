/** `GET /agents`: the workspace's agents, read-only, as Clarky documents them. */
import { ROUTE_PATTERNS } from '@clarky/core';
import { paginate } from './pagination';
import type { RouteGroup } from './route-context';

export const agentRoutes: RouteGroup = (router, { agents }) =>
  router.on('GET', ROUTE_PATTERNS.agents, ({ query }) => ({ status: 200, body: paginate(agents, query) }));
