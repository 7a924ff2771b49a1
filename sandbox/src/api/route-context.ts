/** What every group of API routes gets: the workspace, and the check Clarky makes of a body's bot_id. */
import type { Router } from '../http/router';
import { missingId, unknownAgent, type FieldProblem } from '../http/validation';
import type { Workspace } from '../workspace/workspace';

export interface RouteContext extends Workspace {
  /** A 422 problem when the body's bot_id is not an agent of this workspace. */
  agentProblems(input: Record<string, unknown>): FieldProblem[];
}

export type RouteGroup = (router: Router, context: RouteContext) => Router;

export function routeContext(workspace: Workspace): RouteContext {
  return {
    ...workspace,
    agentProblems: (input) =>
      missingId(input, 'bot_id', (id) => workspace.agents.some((agent) => agent.id === id), unknownAgent),
  };
}
