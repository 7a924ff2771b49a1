/**
 * The core client's Transport, done the n8n way: requests go through
 * httpRequestWithAuthentication (n8n adds the API key from the credential), waits through
 * n8n-workflow's sleep (timers are banned in community nodes).
 */
import type {
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { ClarkyApi } from '../credentials/ClarkyApi.credentials';
import {
  createClarkyClient,
  lowerCaseHeaders,
  secretDigest,
  type ApiResponse,
  type ClarkyClient,
  type RetryOptions,
  type Transport,
} from '@clarky/core';

export const CREDENTIAL_NAME = new ClarkyApi().name;

/** Every n8n context the nodes call Clarky from: activation, the editor's dropdowns, a workflow run. */
type ApiContext = IHookFunctions | ILoadOptionsFunctions | IExecuteFunctions;

function n8nTransport(context: ApiContext): Transport {
  return {
    async send(request): Promise<ApiResponse> {
      const options: IHttpRequestOptions = {
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        body: request.body as IHttpRequestOptions['body'],
        json: true,
        timeout: request.timeoutMs,
        returnFullResponse: true,
        // Every status comes back as a response: the core client turns it into an error that says what to do.
        ignoreHttpStatusErrors: true,
      };
      const response = (await context.helpers.httpRequestWithAuthentication.call(
        context,
        CREDENTIAL_NAME,
        options,
      )) as IN8nHttpFullResponse;
      return {
        status: response.statusCode,
        headers: lowerCaseHeaders(response.headers),
        body: response.body === '' || response.body === null ? undefined : response.body,
      };
    },
    sleep: async (ms) => await sleep(ms),
  };
}

/** A core client on the node's Clarky credential, and which Clarky account it reaches. */
export interface ClarkyConnection {
  readonly client: ClarkyClient;
  /** The same for every node on the same base URL and API key; a digest, never the key. */
  readonly account: string;
}

export async function clarkyConnection(context: ApiContext, retry?: RetryOptions): Promise<ClarkyConnection> {
  const credentials = await context.getCredentials<{ apiKey?: string; baseUrl?: string }>(CREDENTIAL_NAME);
  const client = createClarkyClient({
    baseUrl: credentials.baseUrl || undefined,
    transport: n8nTransport(context),
    retry,
  });
  const account = secretDigest(`${credentials.baseUrl ?? ''} ${credentials.apiKey ?? ''}`).toString('hex');
  return { client, account };
}

/** A core client on the node's Clarky credential. */
export async function clarkyClient(context: ApiContext): Promise<ClarkyClient> {
  return (await clarkyConnection(context)).client;
}
