/** Workflow definitions (and the Clarky credential) the e2e tests and the benchmark create through n8n's public API. */
import { randomUUID } from 'node:crypto';
import type { Sandbox } from '@clarky/sandbox';
import type { RunningN8n } from './start-n8n';
import type { Credential, Workflow, WorkflowDefinition } from './public-api';

/*
 * The names saved workflows hold, written literally: they are n8n-nodes-clarky's released contract (see
 * n8n-nodes/contract.json), so a change to them in the node's source must fail the tests, not follow along.
 */
/** The Clarky Trigger's node type once installed from the community package: `<package>.<node>`. */
export const CLARKY_TRIGGER_TYPE = 'n8n-nodes-clarky.clarkyTrigger';
/** The Clarky node's type. */
export const CLARKY_NODE_TYPE = 'n8n-nodes-clarky.clarky';
/** The credential type both nodes take. */
export const CLARKY_CREDENTIAL_TYPE = 'clarkyApi';
/** The path the Clarky Trigger declares for its webhook. */
export const CLARKY_TRIGGER_PATH = 'webhook';

/** Settings every workflow here shares, so n8n does the same bookkeeping for each. */
export const WORKFLOW_SETTINGS = { executionOrder: 'v1' };

/**
 * n8n's built-in Webhook node alone: answers as soon as the request is received, like the Clarky Trigger.
 * With `headerAuth` (an httpHeaderAuth credential) it checks a header the way the Clarky Trigger checks its token.
 * Its production URL is `/webhook/<path>` (the node declares a full path, so the webhook id is not in it).
 */
export function webhookNodeWorkflow(input: {
  name: string;
  path: string;
  webhookId: string;
  headerAuth?: { id: string; name: string };
}): WorkflowDefinition {
  const authentication = input.headerAuth ? 'headerAuth' : 'none';
  return {
    name: input.name,
    nodes: [
      {
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: input.webhookId,
        parameters: { httpMethod: 'POST', path: input.path, authentication, responseMode: 'onReceived', options: {} },
        ...(input.headerAuth ? { credentials: { httpHeaderAuth: input.headerAuth } } : {}),
      },
    ],
    connections: {},
    settings: WORKFLOW_SETTINGS,
  };
}

export interface ClarkyTriggerWorkflowInput {
  name: string;
  webhookId: string;
  credential: { id: string; name: string };
  events: string[];
  agents?: string[];
  /** The node's Options collection: payloadTemplate, httpMethod, verifyBearerToken, webhookName. */
  options?: Record<string, unknown>;
  /**
   * The node version saved: 1 by default, as every workflow saved before 1.1 holds it (what the tests and the bench
   * have always run); 1.1 is what the editor adds now.
   */
  typeVersion?: 1 | 1.1;
}

/** The node's name in workflows, and the key of its output in executions. */
export const CLARKY_TRIGGER_NODE = 'Clarky Trigger';

/** A "Clarky sandbox" credential of the node's own type, with the sandbox's write key and base URL. */
export function createSandboxCredential(n8n: Pick<RunningN8n, 'api'>, sandbox: Sandbox): Promise<Credential> {
  return n8n.api.createCredential({
    name: 'Clarky sandbox',
    type: CLARKY_CREDENTIAL_TYPE,
    // n8n 1.x refuses a credential with `authenticate` through the public API without the domain setting.
    data: { apiKey: sandbox.keys.write, baseUrl: sandbox.url, allowedHttpRequestDomains: 'all' },
  });
}

/** The Clarky Trigger as installed from the community package, alone in a workflow. */
export function clarkyTriggerWorkflow(input: ClarkyTriggerWorkflowInput): WorkflowDefinition {
  return {
    name: input.name,
    nodes: [
      {
        name: CLARKY_TRIGGER_NODE,
        type: CLARKY_TRIGGER_TYPE,
        typeVersion: input.typeVersion ?? 1,
        position: [0, 0],
        webhookId: input.webhookId,
        parameters: { events: input.events, agents: input.agents ?? [], options: input.options ?? {} },
        credentials: { [CLARKY_CREDENTIAL_TYPE]: input.credential },
      },
    ],
    connections: {},
    settings: WORKFLOW_SETTINGS,
  };
}

/** Where n8n listens for a Clarky Trigger's production calls: `/webhook/<webhookId>/<path>`. */
function productionWebhookUrl(n8nUrl: string, webhookId: string): string {
  return `${n8nUrl}/webhook/${webhookId}/${CLARKY_TRIGGER_PATH}`;
}

export interface ClarkyTrigger {
  workflow: Workflow;
  webhookId: string;
  /** Where Clarky delivers once the workflow is published: n8n's production URL for the node. */
  url: string;
}

/** Creates (unpublished) a workflow holding a Clarky Trigger with a fresh webhook id; named after it by default. */
export async function createClarkyTrigger(
  n8n: Pick<RunningN8n, 'api' | 'webhookUrl'>,
  input: Omit<ClarkyTriggerWorkflowInput, 'webhookId' | 'name'> & { name?: string },
): Promise<ClarkyTrigger> {
  const webhookId = randomUUID();
  const name = input.name ?? `Clarky Trigger ${webhookId}`;
  const workflow = await n8n.api.createWorkflow(clarkyTriggerWorkflow({ ...input, name, webhookId }));
  return { workflow, webhookId, url: productionWebhookUrl(n8n.webhookUrl, webhookId) };
}
