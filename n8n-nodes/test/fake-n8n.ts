/**
 * Small typed fakes of the n8n function contexts the Clarky Trigger uses. Requests go out for
 * real (fetch), the way n8n's httpRequestWithAuthentication sends them: the credential's API
 * key as a Bearer header, the status returned rather than thrown when asked. So tests run
 * against the sandbox over HTTP, or against nock for answers the sandbox can't give.
 */
import {
  NodeApiError,
  type IDataObject,
  type IHookFunctions,
  type IHttpRequestOptions,
  type ILoadOptionsFunctions,
  type INode,
  type IWebhookFunctions,
  type JsonObject,
} from 'n8n-workflow';

export interface FakeCredentials {
  readonly apiKey: string;
  readonly baseUrl: string;
}

interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

interface ContextSetup {
  readonly credentials: FakeCredentials;
  readonly parameters: Record<string, unknown>;
  /** The node's static data; shared with the caller so tests see what the node stored. */
  readonly staticData?: IDataObject;
  readonly webhookUrl?: string;
  readonly workflowName?: string;
}

export const NODE: INode = {
  id: '6f1c3d2e-0000-4000-8000-000000000001',
  name: 'Clarky Trigger',
  type: 'n8n-nodes-clarky.clarkyTrigger',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export const WEBHOOK_URL = 'http://127.0.0.1:5678/webhook/7d4b2a1c-0000-4000-8000-000000000002/webhook';
export const TEST_WEBHOOK_URL = 'http://127.0.0.1:5678/webhook-test/7d4b2a1c-0000-4000-8000-000000000002/webhook';

export interface FakeHook {
  readonly context: IHookFunctions & ILoadOptionsFunctions;
  readonly staticData: IDataObject;
  readonly requests: SentRequest[];
  readonly warnings: string[];
}

/** IHookFunctions (and ILoadOptionsFunctions): the slice the node calls, nothing else. */
export function fakeHookContext(setup: ContextSetup): FakeHook {
  const staticData = setup.staticData ?? {};
  const requests: SentRequest[] = [];
  const warnings: string[] = [];
  const slice = {
    getNode: () => NODE,
    getWorkflow: () => ({ id: 'wf1', name: setup.workflowName ?? 'Route leads', active: false }),
    getNodeWebhookUrl: (name: string) => (name === 'default' ? (setup.webhookUrl ?? WEBHOOK_URL) : undefined),
    getNodeParameter: (name: string, fallback?: unknown) => setup.parameters[name] ?? fallback,
    getWorkflowStaticData: (type: string) => {
      if (type !== 'node') throw new Error(`the node only uses node static data, not ${type}`);
      return staticData;
    },
    getCredentials: async (type: string) => {
      if (type !== 'clarkyApi') throw new Error(`unexpected credential type ${type}`);
      return { ...setup.credentials };
    },
    logger: { warn: (message: string) => warnings.push(message) },
    helpers: { httpRequestWithAuthentication: authenticatedRequest(setup.credentials, requests) },
  };
  return { context: slice as unknown as IHookFunctions & ILoadOptionsFunctions, staticData, requests, warnings };
}

function authenticatedRequest(credentials: FakeCredentials, requests: SentRequest[]) {
  return async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions) {
    if (credentialType !== 'clarkyApi') throw new Error(`unexpected credential type ${credentialType}`);
    const headers: Record<string, string> = {
      ...(options.headers as Record<string, string>),
      Authorization: `Bearer ${credentials.apiKey}`,
    };
    const hasBody = options.body !== undefined;
    if (hasBody) headers['Content-Type'] = 'application/json';
    requests.push({ method: options.method ?? 'GET', url: options.url, body: options.body });
    const response = await fetch(options.url, {
      method: options.method,
      headers,
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.timeout(options.timeout ?? 10_000),
    }).catch((error: Error) => {
      // n8n wraps a failed request (its axios error, errno code included) in a NodeApiError.
      throw new NodeApiError(NODE, (error.cause ?? error) as JsonObject);
    });
    const text = await response.text();
    let body: unknown = text;
    if (options.json && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!options.ignoreHttpStatusErrors && !response.ok) throw new Error(`HTTP ${response.status}`);
    if (!options.returnFullResponse) return body;
    return {
      statusCode: response.status,
      statusMessage: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
      body,
    };
  };
}

export interface IncomingDelivery {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly query?: IDataObject;
  /** The bytes as sent; the fake parses them as n8n would when they are JSON. */
  readonly rawBody?: string;
}

export interface RecordedResponse {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface FakeWebhook {
  readonly context: IWebhookFunctions;
  readonly response: RecordedResponse;
}

/** IWebhookFunctions: the incoming request, the node's parameters and static data, a response recorder. */
export function fakeWebhookContext(
  setup: Pick<ContextSetup, 'parameters' | 'staticData'>,
  delivery: IncomingDelivery,
): FakeWebhook {
  const response: RecordedResponse = { headers: {} };
  const headers = Object.fromEntries(
    Object.entries(delivery.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const raw = delivery.rawBody === undefined ? undefined : Buffer.from(delivery.rawBody, 'utf8');
  const recorder = {
    status(code: number) {
      response.status = code;
      return recorder;
    },
    setHeader(name: string, value: string) {
      response.headers[name] = value;
    },
    json(body: unknown) {
      response.body = body;
    },
  };
  const slice = {
    getNode: () => NODE,
    getNodeParameter: (name: string, fallback?: unknown) => setup.parameters[name] ?? fallback,
    getWorkflowStaticData: () => setup.staticData ?? {},
    getHeaderData: () => headers,
    getQueryData: () => delivery.query ?? {},
    getBodyData: () => parsedBody(delivery.rawBody),
    getRequestObject: () => ({ method: delivery.method ?? 'POST', headers, rawBody: raw }),
    getResponseObject: () => recorder,
  };
  return { context: slice as unknown as IWebhookFunctions, response };
}

function parsedBody(raw: string | undefined): IDataObject {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw) as IDataObject;
  } catch {
    return {};
  }
}
