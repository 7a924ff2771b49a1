/**
 * Clarky's API objects. Agents, envelopes and errors are documented by Clarky; the
 * webhook objects are this project's assumed contract (README: "assumed endpoints").
 * Every schema keeps unknown fields so a new Clarky field never breaks a client.
 */
import { z } from 'zod/v4';
import { EVENT_KEYS, type EventKey } from '../events';
import { DefaultPayloadSchema } from '../payload';

export const DEFAULT_BASE_URL = 'https://clarky.ai/api/v1';

export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
/** The method Clarky calls a webhook with unless told otherwise. */
export const DEFAULT_WEBHOOK_METHOD = 'POST' satisfies (typeof WEBHOOK_METHODS)[number];
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export const ERROR_CODES = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation_error: 422,
  rate_limited: 429,
  internal_error: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

const PaginationSchema = z.looseObject({
  page: z.number().int(),
  page_size: z.number().int(),
  total: z.number().int(),
  total_pages: z.number().int(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

/**
 * A record of the workspace's CRM (contact, company, pipeline, stage): its id, workspace and agent, its own
 * fields, then `created_at` and `updated_at` (ISO 8601). All but the id may be missing: Clarky's examples leave them out.
 */
export const workspaceRecord = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.looseObject({
    id: z.string(),
    workspace_id: z.string().optional(),
    bot_id: z.string().nullish(),
    ...shape,
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  });

/** Optional text query parameters, e.g. a list's documented filters. */
export const textParams = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.string()])) as Record<K, z.ZodString>).partial();

export const dataEnvelope = <T extends z.ZodType>(item: T) => z.looseObject({ data: item });
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({ data: z.array(item), pagination: PaginationSchema });

export const AgentSchema = z.looseObject({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  slug: z.string().nullish(),
  summary: z.string().nullish(),
  enabled: z.boolean(),
  agent_role: z.string().nullish(),
  agent_email: z.string().nullish(),
  agent_phone: z.string().nullish(),
});
export type Agent = z.infer<typeof AgentSchema>;

const eventKey = z.enum(EVENT_KEYS as [EventKey, ...EventKey[]]);
const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048);

export const WebhookSchema = z.looseObject({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  url: z.string(),
  method: z.enum(WEBHOOK_METHODS),
  events: z.array(z.string()),
  bot_ids: z.array(z.string()),
  has_bearer_token: z.boolean(),
  payload_template: z.string().nullable(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** A webhook's writable fields and their rules, once. The template's own rules are checked by `compile` (template/compile.ts). */
const WebhookFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  url: httpUrl,
  method: z.enum(WEBHOOK_METHODS),
  events: z.array(eventKey).min(1),
  bot_ids: z.array(z.string().min(1)),
  bearer_token: z.string().min(1).max(512).nullable(),
  payload_template: z.string().max(65_536).nullable(),
  enabled: z.boolean(),
});
const fields = WebhookFieldsSchema.shape;

/** Body of `POST /webhooks`: name, url and events required; the rest optional, with Clarky's defaults. */
export const WebhookCreateSchema = WebhookFieldsSchema.partial({
  description: true,
  bearer_token: true,
  payload_template: true,
}).extend({
  method: fields.method.default(DEFAULT_WEBHOOK_METHOD),
  bot_ids: fields.bot_ids.default([]),
  enabled: fields.enabled.default(true),
});
export type WebhookCreate = z.input<typeof WebhookCreateSchema>;

/** Body of `PATCH /webhooks/{id}`: any subset of the create fields. */
export const WebhookUpdateSchema = WebhookFieldsSchema.partial();
export type WebhookUpdate = z.input<typeof WebhookUpdateSchema>;

export const SamplesSchema = dataEnvelope(z.array(DefaultPayloadSchema));
