/**
 * One delivery from Clarky: check the bearer token, then hand the payload on unchanged as one
 * item. Anything else (no token, wrong token, a body that is not a JSON object) is answered
 * here and starts no execution.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { bearerMatchesDigest } from '@clarky/core';
import type { TriggerOptions } from './options';
import { readRegistration } from './registration';

/** The path the node declares: n8n listens at `/webhook/<webhookId>/webhook` (`/webhook-test/...` while listening). */
export const WEBHOOK_PATH = 'webhook';

/** The slice of n8n's express request this module reads. */
interface DeliveryRequest {
  readonly method?: string;
  /** The body exactly as received; n8n keeps it next to its own parse. */
  readonly rawBody?: unknown;
}

/** The slice of n8n's express response this module writes. */
interface DeliveryResponse {
  status(code: number): DeliveryResponse;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

type Payload = { readonly ok: true; readonly value: IDataObject } | { readonly ok: false; readonly reason: string };

export function receiveDelivery(context: IWebhookFunctions): IWebhookResponseData {
  const options = context.getNodeParameter('options', {}) as TriggerOptions;
  if (options.verifyBearerToken !== false) {
    const registration = readRegistration(context.getWorkflowStaticData('node'));
    if (!registration || !bearerMatchesDigest(context.getHeaderData().authorization, registration.tokenDigest)) {
      return refuse(context, 401, 'Missing or wrong bearer token.');
    }
  }
  const payload = readPayload(context);
  if (!payload.ok) return refuse(context, 400, payload.reason);
  return { workflowData: [[{ json: payload.value }]] };
}

function readPayload(context: IWebhookFunctions): Payload {
  const request = context.getRequestObject() as DeliveryRequest;
  // Clarky sends a GET's payload as query parameters.
  if (request.method?.toUpperCase() === 'GET') return asObject(context.getQueryData());
  // n8n already parsed a JSON body; the raw bytes are read only when it left them unparsed (or
  // parsed nothing to use), to say what is wrong with them.
  const parsed = asObject(context.getBodyData());
  if (parsed.ok && Object.keys(parsed.value).length > 0 && isJson(context.getHeaderData()['content-type'])) {
    return parsed;
  }
  const raw = request.rawBody;
  if (!Buffer.isBuffer(raw)) return parsed;
  if (raw.length === 0) return { ok: false, reason: 'The request has no body; expected a JSON object.' };
  try {
    // A leading byte-order mark is dropped, as n8n's own JSON parsing does.
    return asObject(JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')));
  } catch {
    return { ok: false, reason: 'The body is not valid JSON; expected a JSON object.' };
  }
}

function isJson(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
}

function asObject(value: unknown): Payload {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { ok: true, value: value as IDataObject };
  return { ok: false, reason: 'Expected a JSON object.' };
}

function refuse(context: IWebhookFunctions, status: 400 | 401, error: string): IWebhookResponseData {
  const response = context.getResponseObject() as unknown as DeliveryResponse;
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  response.status(status).json({ error });
  return { noWebhookResponse: true };
}
