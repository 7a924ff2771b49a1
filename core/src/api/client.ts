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
import { ActivitySchema, type Activity, type ActivityFilters, type ActivityLog } from './activities';
import { CompanySchema, type Company, type CompanyCreate, type CompanyFilters } from './companies';
import { ContactSchema, type Contact, type ContactCreate, type ContactFilters } from './contacts';
import { PipelineSchema, StageSchema, type Pipeline, type PipelineFilters, type Stage } from './pipelines';
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
import { SequenceAcceptedSchema, type SequenceStart, type SequenceStarted } from './sequences';
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

/** How much of a list to read: every page unless `limit` says how many items at most, or only `page`. */
export interface ListOptions {
  readonly limit?: number;
  /**
   * Only this page (from 1) of MAX_PAGE_SIZE items, with one request; past the last page, none. For hosts that page
   * themselves (a dropdown asking for more as the user scrolls). Not with `limit`.
   */
  readonly page?: number;
}

type Query = Readonly<Record<string, string | number | readonly string[] | undefined>>;

export interface ClarkyClient {
  /** The workspace's agents (their ids are the `bot_id` everywhere), all pages followed unless limited. */
  listAgents(options?: ListOptions): Promise<Agent[]>;

  listContacts(filters?: ContactFilters, options?: ListOptions): Promise<Contact[]>;
  getContact(id: string): Promise<Contact>;
  /** The contact with this email, or null when Clarky has none (its 404 is an answer here, not an error). */
  findContactByEmail(email: string): Promise<Contact | null>;
  /** Assumed (docs/clarky-api.md, "Assumed endpoints"): Clarky's quickstart creates a contact without showing the path. */
  createContact(input: ContactCreate): Promise<Contact>;

  /** Adds an activity to a contact's or a company's timeline. */
  logActivity(input: ActivityLog): Promise<Activity>;
  /** A contact's timeline, newest first. */
  listContactActivities(contactId: string, filters?: ActivityFilters, options?: ListOptions): Promise<Activity[]>;

  listCompanies(filters?: CompanyFilters, options?: ListOptions): Promise<Company[]>;
  getCompany(id: string): Promise<Company>;
  createCompany(input: CompanyCreate): Promise<Company>;

  /** Upserts the contact and starts the sequence; Clarky answers 202 and sends the outreach later. */
  startSequence(input: SequenceStart): Promise<SequenceStarted>;

  listPipelines(filters?: PipelineFilters, options?: ListOptions): Promise<Pipeline[]>;
  /** A pipeline's stages in their order (order_index); Clarky does not page them. */
  listPipelineStages(pipelineId: string): Promise<Stage[]>;

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
  readonly query?: Query;
  readonly body?: unknown;
  /** Checks a 2xx body; absent when the body does not matter (DELETE). */
  readonly schema?: z.ZodType<T>;
  readonly subject?: string;
  /** Secrets in the body, kept out of errors along with the API key. */
  readonly secrets?: readonly (string | null | undefined)[];
  /**
   * Error statuses that are an answer here, not a failure; the call resolves undefined. A 404 for a delete
   * that may repeat (its goal is met) or for a lookup that finds nothing.
   */
  readonly undefinedOn?: readonly number[];
}

const WebhookEnvelope = dataEnvelope(WebhookSchema);
const AgentPage = listEnvelope(AgentSchema);
const WebhookPage = listEnvelope(WebhookSchema);
const ContactEnvelope = dataEnvelope(ContactSchema);
const CompanyEnvelope = dataEnvelope(CompanySchema);
const StageList = dataEnvelope(z.array(StageSchema));
const ActivityEnvelope = dataEnvelope(ActivitySchema);
const ContactPage = listEnvelope(ContactSchema);
const CompanyPage = listEnvelope(CompanySchema);
const ActivityPage = listEnvelope(ActivitySchema);
const PipelinePage = listEnvelope(PipelineSchema);

type PageSchema<T> = z.ZodType<{ data: T[]; pagination: { total_pages: number } }>;

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
      if (spec.undefinedOn?.includes(response.status)) return { ok: true, value: undefined as T };
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

  /**
   * Reads pages of MAX_PAGE_SIZE (fewer when the limit is smaller), each a call with its retries; with `page`, that
   * page only. `subject` names what the path belongs to (`contact c_1`), for the 404 of a missing parent.
   */
  async function list<T>(
    path: string,
    schema: PageSchema<T>,
    query: Query = {},
    options: ListOptions = {},
    subject?: string,
  ) {
    const { limit, page } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new RangeError(`limit must be a whole number from 1 (got ${limit}); leave it out for every item.`);
    }
    if (page !== undefined && !(Number.isInteger(page) && page >= 1)) {
      throw new RangeError(`page must be a whole number from 1 (got ${page}).`);
    }
    if (page !== undefined && limit !== undefined) {
      throw new RangeError(`Give a page or a limit, not both: a page is ${MAX_PAGE_SIZE} items.`);
    }
    const pageSize = Math.min(MAX_PAGE_SIZE, limit ?? MAX_PAGE_SIZE);
    const readPage = (number: number) =>
      call({ method: 'GET', path, query: { ...query, page: number, page_size: pageSize }, schema, subject });

    if (page !== undefined) return (await readPage(page)).data;
    const items: T[] = [];
    for (let number = 1; ; number++) {
      const result = await readPage(number);
      items.push(...result.data);
      if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
      if (number >= result.pagination.total_pages || result.data.length === 0) return items;
    }
  }

  async function read<T>(path: string, schema: z.ZodType<{ data: T }>, subject: string): Promise<T> {
    return (await call({ method: 'GET', path, schema, subject })).data;
  }

  async function create<T>(path: string, body: unknown, schema: z.ZodType<{ data: T }>, subject: string) {
    return (await call({ method: 'POST', path, body, schema, subject })).data;
  }

  const webhookSubject = (id: string) => `webhook ${id}`;

  return {
    listAgents: (options) => list(ROUTES.agents, AgentPage, {}, options),
    listWebhooks: () => list(ROUTES.webhooks, WebhookPage),

    listContacts: (filters = {}, options) => list(ROUTES.contacts, ContactPage, filters, options),
    getContact: (id) => read(ROUTES.contact(id), ContactEnvelope, `contact ${id}`),
    async findContactByEmail(email) {
      const query = { email };
      const found = await call({
        method: 'GET',
        path: ROUTES.contactByEmail,
        query,
        schema: ContactEnvelope,
        undefinedOn: [404],
      });
      return found?.data ?? null;
    },
    createContact: (input) => create(ROUTES.contacts, input, ContactEnvelope, 'contact'),

    logActivity: (input) => create(ROUTES.activities, input, ActivityEnvelope, 'activity'),
    listContactActivities: (contactId, filters = {}, options) =>
      list(ROUTES.contactActivities(contactId), ActivityPage, filters, options, `contact ${contactId}`),

    listCompanies: (filters = {}, options) => list(ROUTES.companies, CompanyPage, filters, options),
    getCompany: (id) => read(ROUTES.company(id), CompanyEnvelope, `company ${id}`),
    createCompany: (input) => create(ROUTES.companies, input, CompanyEnvelope, 'company'),

    async startSequence(input) {
      const answer = await call({
        method: 'POST',
        path: ROUTES.sequenceStart,
        body: input,
        schema: SequenceAcceptedSchema,
        subject: 'sequence start',
      });
      return { status: input.auto_approve ? 'pending' : 'pending_approval', data: answer?.data ?? {} };
    },

    listPipelines: (filters = {}, options) => list(ROUTES.pipelines, PipelinePage, filters, options),
    async listPipelineStages(pipelineId) {
      const stages = await read(ROUTES.pipelineStages(pipelineId), StageList, `pipeline ${pipelineId}`);
      return stages.toSorted((a, b) => a.order_index - b.order_index);
    },

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

    getWebhook: (id) => read(ROUTES.webhook(id), WebhookEnvelope, webhookSubject(id)),

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
      const undefinedOn = ignoreMissing ? [404] : [];
      await call({ method: 'DELETE', path: ROUTES.webhook(id), subject: webhookSubject(id), undefinedOn });
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
  for (const [name, value] of Object.entries(query)) {
    // Clarky takes a list (tags) as comma-separated text.
    if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
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
