/** A small client for n8n's public REST API (`/api/v1`, X-N8N-API-KEY): what the tests and benchmark drive. */

export interface WorkflowNode {
  id?: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  webhookId?: string;
  credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowDefinition {
  name: string;
  nodes: WorkflowNode[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
}

export interface Workflow extends WorkflowDefinition {
  id: string;
  active: boolean;
  /** What nodes keep between calls, keyed `node:<node name>`. */
  staticData?: Record<string, Record<string, unknown> | undefined> | null;
}

interface NodeRun {
  data?: { main?: Array<Array<{ json: unknown }> | null> };
  error?: { message?: string };
}

export interface Execution {
  id: string;
  workflowId: string;
  status: string;
  mode: string;
  finished: boolean;
  data?: { resultData: { runData: Record<string, NodeRun[] | undefined>; error?: { message?: string } } };
}

export interface Credential {
  id: string;
  name: string;
  type: string;
}

/** A non-2xx answer; `body` is n8n's own message, which the tests show on failure. */
export class N8nApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`n8n ${what} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'N8nApiError';
  }
}

export class N8nPublicApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: {
        'X-N8N-API-KEY': this.apiKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new N8nApiError(response.status, text, `${method} ${route}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createWorkflow(definition: WorkflowDefinition): Promise<Workflow> {
    return this.call('POST', '/workflows', definition);
  }

  /** Replaces the workflow's definition, as saving it in the editor does. */
  updateWorkflow(id: string, definition: WorkflowDefinition): Promise<Workflow> {
    const { name, nodes, connections, settings } = definition;
    return this.call('PUT', `/workflows/${id}`, { name, nodes, connections, settings });
  }

  getWorkflow(id: string): Promise<Workflow> {
    return this.call('GET', `/workflows/${id}`);
  }

  activateWorkflow(id: string): Promise<Workflow> {
    return this.call('POST', `/workflows/${id}/activate`);
  }

  deactivateWorkflow(id: string): Promise<Workflow> {
    return this.call('POST', `/workflows/${id}/deactivate`);
  }

  /** n8n 2.x refuses (409) to delete a published workflow; archiving unpublishes it first. */
  deleteWorkflow(id: string): Promise<Workflow> {
    return this.call('DELETE', `/workflows/${id}`);
  }

  archiveWorkflow(id: string): Promise<Workflow> {
    return this.call('POST', `/workflows/${id}/archive`);
  }

  /** Every execution of a workflow, newest first, with its data. */
  async listExecutions(workflowId: string): Promise<Execution[]> {
    const executions: Execution[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
      if (cursor) query.set('cursor', cursor);
      const page = await this.call<{ data: Execution[]; nextCursor: string | null }>('GET', `/executions?${query}`);
      executions.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return executions;
  }

  /** Whether any execution of the workflow is still running (n8n answers webhooks before they finish). */
  async hasRunningExecutions(workflowId: string): Promise<boolean> {
    const query = new URLSearchParams({ workflowId, status: 'running', limit: '1' });
    const page = await this.call<{ data: Execution[] }>('GET', `/executions?${query}`);
    return page.data.length > 0;
  }

  createCredential(input: { name: string; type: string; data: Record<string, unknown> }): Promise<Credential> {
    return this.call('POST', '/credentials', input);
  }
}

/** The items a node put out in an execution: `[]` when it did not run. */
export function nodeOutput(execution: Execution, nodeName: string): unknown[] {
  const runs = execution.data?.resultData.runData[nodeName] ?? [];
  return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}
