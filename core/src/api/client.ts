/**
 * The Clarky API client: builds requests, reads answers, retries what is safe to retry.
 * It does no I/O itself: the host's Transport sends and sleeps (transport.ts). Every path comes
 * from ROUTES and every answer is checked against schemas.ts, unknown fields kept.
 */
import { z } from 'zod/v4';
import type { EventKey } from '../events';
import type { DefaultPayload } from '../payload';
import { errorFromFailure, errorFromResponse, failureCode, malformedResponse } from './errors';
import type { FailureContext } from './errors';
import { createRedactor } from './redact';
import { neverSent, resolveRetryPolicy, retryAfterSeconds, withRetries, type AttemptResult } from './retry';
import type { RetryOptions } from './retry';
import { ROUTES } from './routes';
import {
  AgentSchema,
  DEFAULT_BASE_URL,
  MAX_PAGE_SIZE,
  SamplesSchema,
  WebhookSchema,
  dataEnvelope,
  listEnvelope,
  type Agent,
  type Webhook,
  type WebhookCreate,
  type WebhookUpdate,
} from './schemas';
import type { ApiMethod, ApiRequest, Transport } from './transport';

export interface ClarkyClientOptions {
  /** Defaults to Clarky's; a trailing slash is fine. */
  readonly baseUrl?: string;
  /** Sent as `Authorization: Bearer <key>`. Omit when the host adds auth itself (n8n, Zapier). */
  readonly apiKey?: string;
  readonly transport: Transport;
  readonly retry?: RetryOptions;
  /** Per attempt; never longer than what is left of `retry.maxTotalMs`. */
  readonly timeoutMs?: number;
  /** Jitter source, [0, 1). Tests pass a seeded one. */
  readonly random?: () => number;
  /** Milliseconds since the epoch: the retry budget and Retry-After dates. Tests pass a fake clock. */
  readonly now?: () => number;
}

export interface ClarkyClient {
  /** Every agent of the workspace, all pages followed. */
  listAgents(): Promise<Agent[]>;
  /** Every webhook of the workspace, all pages followed. */
  listWebhooks(): Promise<Webhook[]>;
  createWebhook(input: WebhookCreate): Promise<Webhook>;
  getWebhook(id: string): Promise<Webhook>;
  updateWebhook(id: string, patch: WebhookUpdate): Promise<Webhook>;
  /** With `ignoreMissing`, a webhook that is already gone counts as deleted. */
  deleteWebhook(id: string, options?: { readonly ignoreMissing?: boolean }): Promise<void>;
  /** Recent real payloads of the event as Clarky sends them (up to 3, newest first); [] when there are none. */
  listSamples(query: { readonly event: EventKey; readonly botId?: string }): Promise<DefaultPayload[]>;
  /** The credential test: one cheap authenticated read. Resolves when the key works. */
  ping(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface Call<T> {
  readonly method: ApiMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** Checks a 2xx body; absent when the body does not matter (DELETE). */
  readonly schema?: z.ZodType<T>;
  readonly subject?: string;
  /** Secrets in the body, kept out of errors along with the API key. */
  readonly secrets?: readonly (string | null | undefined)[];
  /** Error statuses that mean the caller's goal is already met (404 for a delete that may repeat). */
  readonly alreadyDone?: readonly number[];
}

const WebhookEnvelope = dataEnvelope(WebhookSchema);
const AgentPage = listEnvelope(AgentSchema);
const WebhookPage = listEnvelope(WebhookSchema);

export function createClarkyClient(options: ClarkyClientOptions): ClarkyClient {
  const { transport, apiKey } = options;
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const shownBaseUrl = displayUrl(baseUrl);
  const policy = resolveRetryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = {
    sleep: (ms: number) => transport.sleep(ms),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };

  async function call<T>(spec: Call<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const url = baseUrl + spec.path + queryString(spec.query);
    const redact = createRedactor([apiKey, ...(spec.secrets ?? [])]);

    return withRetries(spec.method, policy, clock, async (remainingMs): Promise<AttemptResult<T>> => {
      const request: ApiRequest = {
        method: spec.method,
        url,
        headers,
        body: spec.body,
        timeoutMs: Math.max(1, Math.min(timeoutMs, remainingMs)),
      };
      const context: FailureContext = {
        method: spec.method,
        path: spec.path,
        baseUrl: shownBaseUrl,
        subject: spec.subject,
        timeoutMs: request.timeoutMs,
        redact,
      };
      let response;
      try {
        response = await transport.send(request);
      } catch (failure) {
        const error = errorFromFailure(failure, context);
        return { ok: false, error, neverProcessed: neverSent(failureCode(failure)) };
      }
      if (spec.alreadyDone?.includes(response.status)) return { ok: true, value: undefined as T };
      if (response.status < 200 || response.status > 299) {
        const waitSeconds =
          response.status === 429 || response.status >= 500 ? retryAfterSeconds(response, clock.now()) : undefined;
        const error = errorFromResponse(response, context, waitSeconds);
        // A 429 comes from the rate limiter, before Clarky does anything with the request.
        return { ok: false, error, neverProcessed: response.status === 429 };
      }
      if (!spec.schema) return { ok: true, value: undefined as T };
      const parsed = spec.schema.safeParse(response.body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, error: malformedResponse(response, context, parsed.error.issues), neverProcessed: false };
    });
  }

  async function allPages<T>(path: string, page: z.ZodType<{ data: T[]; pagination: { total_pages: number } }>) {
    const items: T[] = [];
    for (let number = 1; ; number++) {
      const result = await call({
        method: 'GET',
        path,
        query: { page: number, page_size: MAX_PAGE_SIZE },
        schema: page,
      });
      items.push(...result.data);
      if (number >= result.pagination.total_pages || result.data.length === 0) return items;
    }
  }

  const webhookSubject = (id: string) => `webhook ${id}`;

  return {
    listAgents: () => allPages(ROUTES.agents, AgentPage),
    listWebhooks: () => allPages(ROUTES.webhooks, WebhookPage),

    async createWebhook(input) {
      const result = await call({
        method: 'POST',
        path: ROUTES.webhooks,
        body: input,
        schema: WebhookEnvelope,
        subject: 'webhook',
        secrets: [input.bearer_token],
      });
      return result.data;
    },

    async getWebhook(id) {
      const result = await call({
        method: 'GET',
        path: ROUTES.webhook(id),
        schema: WebhookEnvelope,
        subject: webhookSubject(id),
      });
      return result.data;
    },

    async updateWebhook(id, patch) {
      const result = await call({
        method: 'PATCH',
        path: ROUTES.webhook(id),
        body: patch,
        schema: WebhookEnvelope,
        subject: webhookSubject(id),
        secrets: [patch.bearer_token],
      });
      return result.data;
    },

    async deleteWebhook(id, { ignoreMissing = false } = {}) {
      const alreadyDone = ignoreMissing ? [404] : [];
      await call({ method: 'DELETE', path: ROUTES.webhook(id), subject: webhookSubject(id), alreadyDone });
    },

    async listSamples({ event, botId }) {
      const query = { event, bot_id: botId };
      const result = await call({ method: 'GET', path: ROUTES.webhookSamples, query, schema: SamplesSchema });
      return result.data;
    },

    async ping() {
      await call({ method: 'GET', path: ROUTES.agents, query: { page_size: 1 }, schema: AgentPage });
    },
  };
}

function queryString(query: Call<unknown>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The base URL as users may see it: credentials, query and fragment dropped. A base URL that is
 * not http(s) is refused up front, without echoing it (a key pasted in the wrong field stays hidden).
 */
function displayUrl(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new TypeError(`The Clarky base URL must be an http(s) URL, e.g. ${DEFAULT_BASE_URL}.`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
