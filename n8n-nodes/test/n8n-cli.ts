/**
 * The pieces of n8n these tests need that live in n8n's CLI package (`n8n`, an application, not a library) instead
 * of n8n-core: restated as small as the Clarky Trigger needs them, each after n8n 2.41.1's own code. Everything
 * else (contexts, request helpers, HTTP, RoutingNode, expressions, static data, webhook URLs) is n8n-core's and
 * n8n-workflow's own.
 * - CredentialsHelper (credentials-helper.ts): the credential's data with its defaults, and the credential type's
 *   `authenticate` applied as n8n applies it, expressions resolved by the workflow's expression engine.
 * - webhookOf (WebhookService.getNodeWebhooks): what n8n registers for the node's webhook, httpMethod expression
 *   included.
 * - runWebhook (webhook-helpers.ts executeWebhook and parseRequestBody, body-parser.ts rawBodyReader and parseBody):
 *   the body read into a Buffer and parsed as n8n parses it (JSON, form, text; a JSON body that does not parse is
 *   answered 422 before any node runs), for a node of version 1 whatever its Content-Type, for later versions only
 *   for the types n8n parses (another or none leaves the body unread, with n8n's `readRawBody` on the request);
 *   then the node's webhook() in a WebhookContext, and n8n's answer for responseMode "onReceived". (For version 1
 *   n8n first evaluates the Webhook node's `binaryData` option, which this node does not have: not restated.)
 * - testCredential (CredentialsTester): the credential's declarative test run through n8n-core's RoutingNode, then
 *   its rules. (n8n-core's CredentialTestContext serves only test functions a node declares; n8n does not use it
 *   for a credential's `test` request.)
 * - asTool (tool-generation/ai-tools.ts convertNodeToAiTool, node-types.ts getByNameAndVersion): a `usableAsTool`
 *   node as n8n offers it to the AI Agent, "<name>Tool" with an ai_tool output, its description with n8n's
 *   "Tool Description" parameters unless the node has its own `toolDescription`.
 */
import type { Request, Response } from 'express';
import { parse as parseForm } from 'node:querystring';
import { buffer } from 'node:stream/consumers';
import { ExecuteContext, RoutingNode, WebhookContext } from 'n8n-core';
import {
  ICredentialsHelper,
  NodeConnectionTypes,
  NodeHelpers,
  Workflow,
  createEmptyRunExecutionData,
  isExpression,
  jsonParse,
  resolveWebhookDescriptionField,
  type ICredentialDataDecryptedObject,
  type ICredentialType,
  type ICredentials,
  type IHttpRequestMethods,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialTestResult,
  type INodeExecutionData,
  type INodeParameters,
  type INodeProperties,
  type INodeType,
  type INodeTypeDescription,
  type IRequestOptionsSimplified,
  type IWebhookData,
  type IWebhookDescription,
  type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export class CredentialsHelper extends ICredentialsHelper {
  constructor(
    private readonly type: ICredentialType,
    private readonly data: ICredentialDataDecryptedObject,
  ) {
    super();
  }

  async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
    // n8n fills in the defaults of fields the stored credential lacks.
    const withDefaults = NodeHelpers.getNodeParameters(
      this.type.properties,
      this.data as INodeParameters,
      true,
      false,
      null,
      null,
    );
    return withDefaults as ICredentialDataDecryptedObject;
  }

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
    workflow?: Workflow,
    node?: INode,
  ): Promise<IHttpRequestOptions> {
    const options = requestOptions as IHttpRequestOptions & Record<string, Record<string, unknown>>;
    const { authenticate } = this.typeNamed(typeName);
    if (typeof authenticate === 'function') return await authenticate(credentials, options);
    if (authenticate?.type !== 'generic') return options;
    if (!workflow || !node) throw new Error('n8n needs the workflow and node to apply a declarative authenticate');
    const resolve = (value: unknown) =>
      isExpression(value)
        ? String(
            workflow.expression.getSimpleParameterValue(
              node,
              value,
              'internal',
              { $credentials: credentials },
              undefined,
              '',
            ) || '',
          )
        : value;
    for (const [where, entries] of Object.entries(authenticate.properties)) {
      options[where] ??= {};
      for (const [key, value] of Object.entries(entries as object))
        options[where][String(resolve(key))] = resolve(value);
    }
    return options;
  }

  async preAuthentication(): Promise<undefined> {
    return undefined; // The Clarky credential has no expirable token.
  }

  getParentTypes(): string[] {
    return [];
  }

  isCredentialUsableByNode(): boolean {
    return true;
  }

  getCredentialsProperties() {
    return this.type.properties;
  }

  async runPreAuthentication(): Promise<undefined> {
    return undefined;
  }

  async getCredentials(): Promise<ICredentials> {
    throw new Error('not used by the Clarky Trigger');
  }

  async updateCredentials(): Promise<void> {
    throw new Error('not used by the Clarky Trigger');
  }

  async updateCredentialsOauthTokenData(): Promise<void> {
    throw new Error('not used by the Clarky Trigger');
  }

  private typeNamed(name: string): ICredentialType {
    if (name !== this.type.name) throw new Error(`unknown credential type ${name}`);
    return this.type;
  }
}

/** The node's webhook as n8n registers it: the method and path its description resolves to for this node. */
export function webhookOf(
  workflow: Workflow,
  node: INode,
  additionalData: IWorkflowExecuteAdditionalData,
  isTest: boolean,
  name = 'default',
): IWebhookData {
  const { description } = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  const webhook = description.webhooks?.find((candidate) => candidate.name === name);
  if (!webhook) throw new Error(`${node.type} has no webhook "${name}"`);
  const evaluate = (property: keyof IWebhookDescription & string, fallback?: boolean | string) => {
    const native = resolveWebhookDescriptionField(node, webhook, property);
    if (native.resolved) return native.value;
    return workflow.expression.getSimpleParameterValue(
      node,
      webhook[property] as string,
      'internal',
      {},
      undefined,
      fallback,
    );
  };
  const path = String(evaluate('path')).trim().replace(/^\//, '').replace(/\/$/, '');
  return {
    httpMethod: String(evaluate('httpMethod', 'GET')).trim() as IHttpRequestMethods,
    node: node.name,
    path: NodeHelpers.getNodeWebhookPath(
      workflow.id,
      node,
      path,
      evaluate('isFullPath', false) as boolean,
      evaluate('restartWebhook', false) as boolean,
    ),
    webhookDescription: webhook,
    workflowId: workflow.id,
    workflowExecuteAdditionalData: additionalData,
    isTest,
  };
}

/** One request to the node's webhook URL, as n8n handles it; the items it started a workflow with, if any. */
export async function runWebhook(
  request: Request,
  response: Response,
  workflow: Workflow,
  webhook: IWebhookData,
): Promise<INodeExecutionData[][] | undefined> {
  const node = workflow.getNode(webhook.node)!;
  const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  request.readRawBody = async () => {
    request.rawBody ??= await buffer(request);
  };
  if (!(await parseRequestBody(request, node.typeVersion))) {
    response.status(422).json({ code: 422, message: 'Failed to parse request body' });
    return undefined;
  }
  const additionalData = { ...webhook.workflowExecuteAdditionalData, httpRequest: request, httpResponse: response };
  const mode = webhook.isTest ? 'manual' : 'webhook';
  const context = new WebhookContext(workflow, node, additionalData, mode, webhook, [], null);
  const result = await nodeType.webhook!.call(context);
  if (result.noWebhookResponse) return undefined; // The node answered itself.
  if (result.workflowData) response.status(200).json({ message: 'Workflow was started' });
  return result.workflowData;
}

/** The Content-Types n8n reads and parses for a node of version 2 or later (webhook-helpers.ts). */
const parsable = (type: string) =>
  ['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((start) => type.startsWith(start)) ||
  type.endsWith('/xml') ||
  type.endsWith('+xml');

/** false: a body n8n refuses to parse. */
async function parseRequestBody(request: Request, nodeVersion: number): Promise<boolean> {
  const [type = '', ...parameters] = (request.headers['content-type'] ?? '').split(';');
  const contentType = type.toLowerCase();
  if (nodeVersion > 1 && !parsable(contentType)) return true;
  await request.readRawBody();
  const { rawBody } = request;
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*"?([^";]+)"?\s*$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  const text = () => stripBom(rawBody.toString((charset ?? 'utf-8').toLowerCase() as BufferEncoding));
  if (rawBody.length === 0) return true;
  try {
    switch (contentType) {
      case 'application/json':
        request.body = jsonParse(text());
        break;
      case 'application/x-www-form-urlencoded':
        request.body = parseForm(text(), undefined, undefined, { maxKeys: 1000 });
        break;
      case 'text/plain':
        request.body = rawBody.toString((charset ?? 'utf-8').toLowerCase() as BufferEncoding);
        break;
    }
  } catch {
    return false;
  }
  return true;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** What n8n's credential dialog shows for a declarative `test`: its request run by RoutingNode, then its rules. */
export async function testCredential(
  type: ICredentialType,
  data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
  if (!type.test) throw new Error(`${type.name} declares no test request`);
  const credentials = { id: 'credential-under-test', name: type.displayName, type: type.name, data };
  const nodeType: INodeType = {
    description: {
      displayName: 'Credential test',
      name: 'credentialTest',
      group: [],
      version: 1,
      description: '',
      defaults: {},
      inputs: [],
      outputs: [],
      credentials: [{ name: type.name, required: true }],
      properties: [
        { displayName: 'Temp', name: 'temp', type: 'string', routing: { request: type.test.request }, default: '' },
      ],
    },
  };
  const node: INode = {
    id: 'temp',
    name: 'Temp-Node',
    type: nodeType.description.name,
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
    credentials: { [type.name]: { id: credentials.id, name: credentials.name } },
  };
  const workflow = new Workflow({
    nodes: [node],
    connections: {},
    active: false,
    nodeTypes: {
      getByName: () => nodeType,
      getByNameAndVersion: () => nodeType,
      getKnownTypes: () => ({}),
    },
  });
  // The one part of n8n's additional data a credential test reaches.
  const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
    credentialsHelper: new CredentialsHelper(type, data),
  };
  const context = new ExecuteContext(
    workflow,
    node,
    additionalData as IWorkflowExecuteAdditionalData,
    'internal',
    createEmptyRunExecutionData(),
    0,
    [],
    { main: [[{ json: {} }]] },
    { node, data: {}, source: null },
    [],
  );
  try {
    await workflow.expression.acquireIsolate();
    await new RoutingNode(context, nodeType, credentials).runNode();
  } catch (caught) {
    const error = caught as Error & { cause?: { code?: string; response?: { status: number; statusText?: string } } };
    const answer = error.cause?.response;
    if (answer) {
      for (const rule of type.test.rules ?? []) {
        if (rule.type === 'responseCode' && rule.properties.value === answer.status) {
          return { status: 'Error', message: rule.properties.message };
        }
      }
      return { status: 'Error', message: answer.statusText || `Received HTTP status code: ${answer.status}` };
    }
    if (error.cause?.code) return { status: 'Error', message: error.cause.code };
    return { status: 'Error', message: error.message };
  } finally {
    await workflow.expression.releaseIsolate();
  }
  return { status: 'OK', message: 'Connection successful!' };
}

/** The node as n8n wraps it for the AI Agent: same class and methods, the tool's description. */
export function asTool(nodeType: INodeType): INodeType {
  const base = nodeType.description;
  // n8n makes a tool only of a node that says it may be one (the loader skips the others).
  if (!base.usableAsTool) throw new Error(`n8n offers no tool for ${base.name}: usableAsTool is not set`);
  const properties: INodeProperties[] = [...base.properties];
  if (!properties.some((property) => property.name === 'toolDescription')) {
    // n8n's own choice: "Set Automatically" ("<action> in <node>") or a text the user writes.
    properties.unshift(
      {
        displayName: 'Tool Description',
        name: 'descriptionType',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Set Automatically', value: 'auto' },
          { name: 'Set Manually', value: 'manual' },
        ],
        default: 'auto',
      },
      {
        displayName: 'Description',
        name: 'toolDescription',
        type: 'string',
        default: base.description,
        required: true,
        displayOptions: { show: { descriptionType: ['manual'] } },
      },
    );
  }
  const description: INodeTypeDescription = {
    ...base,
    name: `${base.name}Tool`,
    displayName: `${base.displayName} Tool`,
    inputs: [],
    outputs: [NodeConnectionTypes.AiTool],
    properties,
  };
  delete description.usableAsTool;
  return Object.create(nodeType, { description: { value: description } }) as INodeType;
}
