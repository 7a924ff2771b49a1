/**
 * The Clarky Trigger and the Clarky node in n8n-core's real execution contexts: a real Workflow (n8n-workflow) holding
 * the node, and HookContext, LoadOptionsContext, WebhookContext and ExecuteContext (n8n-core) built on it as n8n builds
 * them on activation, in the editor, on a delivery and in a workflow run. Parameters, expressions, static data and webhook URLs are n8n's own; requests go out
 * through n8n-core's request helpers over real HTTP. The few pieces n8n keeps in its CLI are in n8n-cli.ts.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteContext, HookContext, LoadOptionsContext } from 'n8n-core';
// n8n-core builds a tool's schema here and does not export it from its index.
import { getSchema } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';
import {
  NodeHelpers,
  Workflow,
  createEmptyRunExecutionData,
  type IDataObject,
  type INode,
  type INodeExecutionData,
  type INodeParameters,
  type INodeType,
  type INodeTypes,
  type IWebhookData,
  type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ClarkyApi } from '../credentials/ClarkyApi.credentials';
import { Clarky } from '../nodes/Clarky/Clarky.node';
import { ClarkyTrigger } from '../nodes/ClarkyTrigger/ClarkyTrigger.node';
import { name as packageName } from '../package.json';
import { CredentialsHelper, asTool, runWebhook, webhookOf } from './n8n-cli';

// n8n-core reads its instance settings (and writes a fresh encryption key) under N8N_USER_FOLDER: keep them out of
// the home folder. Its logger prints warnings and errors only (below that its methods are fixed no-ops, which
// tests could not observe).
const userFolder = mkdtempSync(join(tmpdir(), 'n8n-nodes-clarky-test-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_LOG_LEVEL ??= 'warn';
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

export const credentialType = new ClarkyApi();
const trigger = new ClarkyTrigger();
export const nodeTypeName = `${packageName}.${trigger.description.name}`;
const clarky = new Clarky();
export const clarkyNodeTypeName = `${packageName}.${clarky.description.name}`;
const clarkyTool = asTool(clarky);
export const clarkyToolTypeName = `${packageName}.${clarkyTool.description.name}`;

/** The package's node types, as n8n's node types know them. */
const nodeTypes: INodeTypes = {
  getByName: (type) => known(type),
  getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(known(type), version),
  getKnownTypes: () => ({}),
};

function known(type: string): INodeType {
  if (type === nodeTypeName) return trigger;
  if (type === clarkyNodeTypeName) return clarky;
  if (type === clarkyToolTypeName) return clarkyTool;
  throw new Error(`unknown node type ${type}`);
}

export interface ClarkyCredentials {
  readonly apiKey: string;
  readonly baseUrl?: string;
}

export interface TriggerSetup {
  readonly credentials: ClarkyCredentials;
  /** The node's parameters as saved; n8n adds the defaults. */
  readonly parameters?: INodeParameters;
  /** The node's static data; shared with the caller, so tests see (and seed) what the node stores. */
  readonly staticData?: IDataObject;
  /** The editor's test URL ("Listen for test event": manual mode) instead of the production URL. */
  readonly test?: boolean;
  readonly workflowName?: string;
  /** n8n's public base URL for webhooks, as WEBHOOK_URL sets it. */
  readonly n8nUrl?: string;
  /** n8n's id for the node's webhook, part of its URL; WEBHOOK_ID when absent. Distinct per workflow. */
  readonly webhookId?: string;
  /** The node version the workflow saved; 1 by default. */
  readonly typeVersion?: number;
}

export const NODE_ID = '6f1c3d2e-0000-4000-8000-000000000001';
export const WEBHOOK_ID = '7d4b2a1c-0000-4000-8000-000000000002';
const DEFAULT_N8N_URL = 'http://127.0.0.1:5678';

/** The node in a workflow, with what n8n hands its contexts. */
export interface N8nTrigger {
  readonly workflow: Workflow;
  readonly node: INode;
  readonly staticData: IDataObject;
  /** The webhook as n8n registers it for this node (method, path). */
  readonly webhook: IWebhookData;
  readonly additionalData: IWorkflowExecuteAdditionalData;
  /** A fresh HookContext, as n8n makes one for each checkExists/create/delete. */
  hookContext(): HookContext;
  /** checkExists, create or delete of the node's webhook, called as n8n calls it on activation and deactivation. */
  webhookMethod(method: 'checkExists' | 'create' | 'delete'): Promise<boolean>;
  /** The editor asking for an options list of the parameter at `path`. */
  loadOptionsContext(path?: string): LoadOptionsContext;
}

/** A node of the package as a saved workflow holds it, on the Clarky credential. */
function nodeOnCredential(name: string, type: string, parameters: INodeParameters, typeVersion = 1): INode {
  return {
    id: NODE_ID,
    name,
    type,
    typeVersion,
    position: [0, 0],
    parameters,
    credentials: { [credentialType.name]: { id: 'clarky-credential', name: 'Clarky account' } },
  };
}

export function clarkyTrigger(setup: TriggerSetup): N8nTrigger {
  const staticData = setup.staticData ?? {};
  const node: INode = {
    ...nodeOnCredential('Clarky Trigger', nodeTypeName, setup.parameters ?? {}, setup.typeVersion),
    webhookId: setup.webhookId ?? WEBHOOK_ID,
  };
  const workflow = new Workflow({
    id: 'wf-route-leads',
    name: setup.workflowName ?? 'Route leads',
    nodes: [node],
    connections: {},
    active: !setup.test,
    nodeTypes,
    staticData: { [`node:${node.name}`]: staticData },
  });
  // n8n works on the workflow's copy of the node: its parameters carry the defaults.
  const workflowNode = workflow.nodes[node.name]!;
  const n8nUrl = setup.n8nUrl ?? DEFAULT_N8N_URL;
  // The parts of n8n's additional data the node's contexts reach: credentials, webhook base URLs, the editor's
  // current parameters (loadOptions).
  const reached: Partial<IWorkflowExecuteAdditionalData> = {
    credentialsHelper: new CredentialsHelper(credentialType, { ...setup.credentials }),
    webhookBaseUrl: `${n8nUrl}/webhook`,
    webhookTestBaseUrl: `${n8nUrl}/webhook-test`,
    currentNodeParameters: workflowNode.parameters,
  };
  const additionalData = reached as IWorkflowExecuteAdditionalData;
  const webhook = webhookOf(workflow, workflowNode, additionalData, setup.test === true);
  const [mode, activation] = setup.test ? (['manual', 'manual'] as const) : (['trigger', 'activate'] as const);
  const hookContext = () => new HookContext(workflow, workflowNode, additionalData, mode, activation, webhook);
  return {
    workflow,
    node: workflowNode,
    staticData,
    webhook,
    additionalData,
    hookContext,
    webhookMethod: async (method) => {
      const nodeType = workflow.nodeTypes.getByNameAndVersion(workflowNode.type, workflowNode.typeVersion);
      const run = nodeType.webhookMethods?.[webhook.webhookDescription.name]?.[method];
      if (!run) throw new Error(`${workflowNode.type} has no webhook method ${method}`);
      return (await run.call(hookContext())) as boolean;
    },
    loadOptionsContext: (path = 'agents') => new LoadOptionsContext(workflow, workflowNode, additionalData, path),
  };
}

/** A delivery the webhook server took: the node's answer and the items it started the workflow with. */
export interface Served {
  readonly executions: INodeExecutionData[][][];
}

/** n8n's webhook endpoints for one node at a time, on a real HTTP port. */
export interface WebhookServer {
  /** n8n's public base URL (WEBHOOK_URL). */
  readonly url: string;
  /** Serve this node's webhook (and only it) from now on; requests to other methods or paths get 404. */
  serve(trigger: N8nTrigger): Served;
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  let current: { trigger: N8nTrigger; served: { executions: INodeExecutionData[][][] } } | undefined;
  const app = express();
  app.all('/{*path}', (request, response, next) => {
    const webhook = current?.trigger.webhook;
    const prefix = webhook?.isTest ? '/webhook-test/' : '/webhook/';
    if (!current || request.method !== webhook!.httpMethod || request.path !== `${prefix}${webhook!.path}`) {
      response
        .status(404)
        .json({ code: 404, message: `The requested webhook "${request.method} ${request.path}" is not registered.` });
      return;
    }
    const { served } = current;
    runWebhook(request, response, current.trigger.workflow, webhook!)
      .then((items) => {
        if (items) served.executions.push(items);
      })
      .catch(next);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve(trigger) {
      current = { trigger, served: { executions: [] } };
      return current.served;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export interface ClarkyNodeSetup {
  readonly credentials: ClarkyCredentials;
  /** The Clarky Tool (the node wrapped for the AI Agent) instead of the Clarky node. */
  readonly tool?: boolean;
  /** The node version the workflow saved; 1 by default. */
  readonly typeVersion?: number;
  /** The node's parameters as saved (resource, operation, fields); n8n adds the defaults. */
  readonly parameters: INodeParameters;
  /** The node setting "On Error: Continue" (n8n's continueOnFail). */
  readonly continueOnFail?: boolean;
}

/** What a saved workflow holds for core's action `key` (`resource.verb`, e.g. `contact.create`): the two choices. */
export function savedOperation(key: string): INodeParameters {
  const [resource, operation] = key.split('.');
  return { resource, operation };
}

/** The Clarky node in a workflow, run as n8n runs a node: a fresh ExecuteContext on its input items. */
export interface N8nClarkyNode {
  readonly node: INode;
  /** One run of the node on these input items (one empty item by default): its main output. */
  execute(items?: INodeExecutionData[]): Promise<INodeExecutionData[]>;
  /** The editor asking for an options list of the parameter at `path`. */
  loadOptionsContext(path: string): LoadOptionsContext;
  /** What n8n-core gives the model for this node as a tool: its description and its arguments' zod schema. */
  asModelSees(): { description: string; schema: ReturnType<typeof getSchema> };
}

export function clarkyNode(setup: ClarkyNodeSetup): N8nClarkyNode {
  const [name, type] = setup.tool ? ['Clarky Tool', clarkyToolTypeName] : ['Clarky', clarkyNodeTypeName];
  const node: INode = {
    ...nodeOnCredential(name, type, setup.parameters, setup.typeVersion),
    ...(setup.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
  };
  const workflow = new Workflow({
    id: 'wf-clarky-actions',
    name: 'Clarky actions',
    nodes: [node],
    connections: {},
    active: false,
    nodeTypes,
  });
  const workflowNode = workflow.nodes[node.name]!;
  const reached: Partial<IWorkflowExecuteAdditionalData> = {
    credentialsHelper: new CredentialsHelper(credentialType, { ...setup.credentials }),
    currentNodeParameters: workflowNode.parameters,
  };
  const additionalData = reached as IWorkflowExecuteAdditionalData;
  return {
    node: workflowNode,
    async execute(items = [{ json: {} }]) {
      const context = new ExecuteContext(
        workflow,
        workflowNode,
        additionalData,
        'manual',
        createEmptyRunExecutionData(),
        0,
        items,
        { main: [items] },
        { node: workflowNode, data: { main: [items] }, source: null },
        [],
      );
      await workflow.expression.acquireIsolate();
      try {
        const [output] = await clarky.execute.call(context);
        return output ?? [];
      } finally {
        await workflow.expression.releaseIsolate();
      }
    },
    loadOptionsContext: (path) => new LoadOptionsContext(workflow, workflowNode, additionalData, path),
    asModelSees: () => ({
      description: NodeHelpers.getToolDescriptionForNode(workflowNode, known(workflowNode.type)),
      schema: getSchema(workflowNode),
    }),
  };
}
