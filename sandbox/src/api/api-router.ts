/** Clarky's API as the sandbox serves it: core's ROUTE_PATTERNS (relative to API_PREFIX), one group per resource. */
import { Router } from '../http/router';
import type { Workspace } from '../workspace/workspace';
import { agentRoutes } from './agent-routes';
import { companyRoutes } from './company-routes';
import { contactRoutes } from './contact-routes';
import { pipelineRoutes } from './pipeline-routes';
import { routeContext } from './route-context';
import { sequenceRoutes } from './sequence-routes';
import { webhookRoutes } from './webhook-routes';

const GROUPS = [agentRoutes, contactRoutes, companyRoutes, pipelineRoutes, sequenceRoutes, webhookRoutes];

export function apiRouter(workspace: Workspace): Router {
  const context = routeContext(workspace);
  const router = new Router();
  for (const group of GROUPS) group(router, context);
  return router;
}
