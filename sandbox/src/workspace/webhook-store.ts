/**
 * The workspace's webhooks, in memory. The bearer token and the compiled template live beside the
 * API view and never in it: what leaves the store is `Webhook`, with `has_bearer_token` only.
 */
import {
  compileOrThrow,
  type CompiledTemplate,
  type EventKey,
  type Webhook,
  type WebhookCreateSchema,
  type WebhookUpdateSchema,
} from '@clarky/core';
import type { z } from 'zod/v4';
import { HttpError } from '../http/http-error';
import { prefixedId } from './ids';
import type { SeededRandom } from './seeded-random';

export type WebhookCreateFields = z.output<typeof WebhookCreateSchema>;
export type WebhookUpdateFields = z.output<typeof WebhookUpdateSchema>;

/** A create or update body once checked: what the store accepts. */
export interface Checked<T> {
  readonly fields: T;
  /** Compiled `payload_template`, when the body set one (null or "" compile to the default payload). */
  readonly template?: CompiledTemplate;
}

export interface StoredWebhook {
  readonly view: Webhook;
  readonly bearerToken: string | null;
  readonly template: CompiledTemplate;
}

export class WebhookStore {
  private readonly byId = new Map<string, StoredWebhook>();

  constructor(
    private readonly workspaceId: string,
    private readonly random: SeededRandom,
  ) {}

  list(): Webhook[] {
    return [...this.byId.values()].map((stored) => stored.view);
  }

  get(id: string): StoredWebhook | undefined {
    return this.byId.get(id);
  }

  require(id: string): StoredWebhook {
    const stored = this.byId.get(id);
    if (!stored) throw new HttpError('not_found', `No webhook has id ${JSON.stringify(id)}; it may have been deleted.`);
    return stored;
  }

  create({ fields, template }: Checked<WebhookCreateFields>): Webhook {
    const now = new Date().toISOString();
    const view: Webhook = {
      id: prefixedId('wh', this.random),
      workspace_id: this.workspaceId,
      name: fields.name,
      description: fields.description ?? null,
      url: fields.url,
      method: fields.method,
      events: fields.events,
      bot_ids: fields.bot_ids,
      has_bearer_token: Boolean(fields.bearer_token),
      payload_template: fields.payload_template ?? null,
      enabled: fields.enabled,
      created_at: now,
      updated_at: now,
    };
    this.byId.set(view.id, {
      view,
      bearerToken: fields.bearer_token ?? null,
      template: template ?? compileOrThrow(''),
    });
    return view;
  }

  update(id: string, { fields, template }: Checked<WebhookUpdateFields>): Webhook {
    const current = this.require(id);
    const { bearer_token: bearerToken, ...visible } = fields;
    const token = bearerToken === undefined ? current.bearerToken : bearerToken;
    const view: Webhook = {
      ...current.view,
      ...visible,
      has_bearer_token: Boolean(token),
      updated_at: new Date().toISOString(),
    };
    this.byId.set(id, { view, bearerToken: token, template: template ?? current.template });
    return view;
  }

  delete(id: string): void {
    this.require(id);
    this.byId.delete(id);
  }

  /** What a 410 Gone from the subscriber does. */
  disable(id: string): void {
    const current = this.byId.get(id);
    if (current?.view.enabled) {
      this.byId.set(id, {
        ...current,
        view: { ...current.view, enabled: false, updated_at: new Date().toISOString() },
      });
    }
  }

  /** The enabled webhooks an event of this agent goes to: subscribed to it, and in scope (no bot ids = every agent). */
  subscribers(event: EventKey, botId: string): StoredWebhook[] {
    return [...this.byId.values()].filter(
      ({ view }) =>
        view.enabled && view.events.includes(event) && (view.bot_ids.length === 0 || view.bot_ids.includes(botId)),
    );
  }
}
