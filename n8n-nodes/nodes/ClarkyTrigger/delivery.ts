/**
 * One delivery from Clarky: check the bearer token, then hand the payload on unchanged as one
 * item. Anything else (no token, wrong token, a body that is not a JSON object) is answered
 * here and starts no execution.
 *
 * Every node version reads the body alike. n8n reads and parses it before the node runs for a
 * version-1 start node; for later versions only for the content types it parses (JSON, text, form,
 * XML): another or no Content-Type leaves the body unread, and the node reads it with n8n's reader.
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
  /** False once the body stream was consumed (n8n's multipart parser does). */
  readonly readable?: boolean;
  /** The body exactly as received, once read; n8n keeps it next to its own parse. */
  readonly rawBody?: unknown;
  /** n8n's reader that fills `rawBody` (its Webhook node uses it too); absent outside n8n. */
  readonly readRawBody?: () => Promise<void>;
}

/** The slice of n8n's express response this module writes. */
interface DeliveryResponse {
  status(code: number): DeliveryResponse;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

type Refusal = { readonly ok: false; readonly status: 400 | 415; readonly reason: string };
type Payload = { readonly ok: true; readonly value: IDataObject } | Refusal;

export async function receiveDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const options = context.getNodeParameter('options', {}) as TriggerOptions;
  if (options.verifyBearerToken !== false) {
    const registration = readRegistration(context.getWorkflowStaticData('node'));
    if (!registration || !bearerMatchesDigest(context.getHeaderData().authorization, registration.tokenDigest)) {
      return refuse(context, 401, 'Missing or wrong bearer token.');
    }
  }
  const payload = await readPayload(context);
  if (!payload.ok) return refuse(context, payload.status, payload.reason);
  return { workflowData: [[{ json: payload.value }]] };
}

async function readPayload(context: IWebhookFunctions): Promise<Payload> {
  const request = context.getRequestObject() as DeliveryRequest;
  // Clarky sends a GET's payload as query parameters.
  if (request.method?.toUpperCase() === 'GET') return asObject(context.getQueryData());
  // n8n already parsed a JSON body; the raw bytes are read only when it left them unparsed (or
  // parsed nothing to use), to say what is wrong with them.
  const parsed = asObject(context.getBodyData());
  if (parsed.ok && Object.keys(parsed.value).length > 0 && isJson(context.getHeaderData()['content-type'])) {
    return parsed;
  }
  let raw: Buffer | undefined;
  try {
    raw = await rawBodyOf(request);
  } catch (error) {
    return refusal(400, `The body could not be read: ${(error as Error).message}`);
  }
  // No bytes left to read: n8n parsed a multipart form itself (into fields, not a JSON object).
  if (raw === undefined) return refusal(415, 'Expected a JSON object; send it with Content-Type: application/json.');
  if (raw.length === 0) return refusal(400, 'The request has no body; expected a JSON object.');
  try {
    // A leading byte-order mark is dropped, as n8n's own JSON parsing does.
    return asObject(JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')));
  } catch {
    return refusal(400, 'The body is not valid JSON; expected a JSON object.');
  }
}

/** The body's bytes: what n8n read, else read now with n8n's reader if the stream is unread; undefined if neither. */
async function rawBodyOf(request: DeliveryRequest): Promise<Buffer | undefined> {
  if (!Buffer.isBuffer(request.rawBody) && request.readable && typeof request.readRawBody === 'function') {
    await request.readRawBody();
  }
  return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

function isJson(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
}

function asObject(value: unknown): Payload {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { ok: true, value: value as IDataObject };
  return refusal(400, 'Expected a JSON object.');
}

function refusal(status: Refusal['status'], reason: string): Refusal {
  return { ok: false, status, reason };
}

function refuse(context: IWebhookFunctions, status: Refusal['status'] | 401, error: string): IWebhookResponseData {
  const response = context.getResponseObject() as unknown as DeliveryResponse;
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  response.status(status).json({ error });
  return { noWebhookResponse: true };
}
