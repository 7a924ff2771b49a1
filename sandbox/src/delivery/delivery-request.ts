/**
 * The HTTP request one delivery sends: the webhook's method and URL, Clarky's headers, and the
 * payload rendered from its template (or the default payload). A GET carries the payload's
 * top-level fields as query parameters instead of a body.
 */
import type { WebhookMethod } from '@clarky/core';
import type { StoredWebhook } from '../workspace/webhook-store';

const USER_AGENT = 'Clarky-Webhooks/1.0';

export interface OutgoingRequest {
  readonly method: WebhookMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export function buildDeliveryRequest(webhook: StoredWebhook, rendered: string): OutgoingRequest {
  const { method, url } = webhook.view;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT };
  if (webhook.bearerToken) headers.Authorization = `Bearer ${webhook.bearerToken}`;
  if (method !== 'GET') return { method, url, headers, body: rendered };
  return { method, url: withQuery(url, JSON.parse(rendered)), headers, body: null };
}

/**
 * Top-level fields become parameters: strings as they are, null as empty, anything else as JSON.
 * A template that renders to something other than an object goes whole in a `payload` parameter.
 */
function withQuery(url: string, payload: unknown): string {
  const target = new URL(url);
  const fields =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? Object.entries(payload)
      : [['payload', payload] as const];
  for (const [name, value] of fields) {
    target.searchParams.append(name, typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value));
  }
  return target.toString();
}
