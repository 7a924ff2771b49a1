/**
 * One REST-hook trigger per Clarky event, made from core's catalog: nothing here names an event.
 *
 * Subscribing registers a Clarky webhook for the one event that posts to Zapier's hook URL with a
 * fresh bearer token; each delivery is accepted only when it carries that token.
 */
import {
  bearerDigest,
  bearerMatchesDigest,
  getEvent,
  newBearerToken,
  samplePayload,
  triggerSentence,
  type DefaultPayload,
  type EventKey,
} from '@clarky/core';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { AGENT_DROPDOWN } from './agent-trigger';
import { clarkyClient } from './clarky-client';
import { authorizationHeader } from './authorization-header';
import { PAYLOAD_OUTPUT_FIELDS } from './output-fields';
import { TRIGGER_LABELS } from './trigger-labels';
import { zapWebhookDescription, zapWebhookName } from './zap-webhook-description';
import { withZapierErrors } from './zapier-errors';
import { zapierKey } from './zapier-key';

/**
 * What performSubscribe returns; Zapier keeps it and hands it back as `bundle.subscribeData`. Clarky got the token;
 * Zapier's storage keeps only its SHA-256, enough to check a delivery and useless to forge one.
 */
export interface SubscribeData {
  readonly id: string;
  readonly tokenDigest: string;
}

const MAX_SAMPLES = 3;

export function triggerKey(event: EventKey): string {
  return zapierKey(event);
}

export function hookTrigger(key: EventKey) {
  const event = getEvent(key);
  const performSubscribe = withZapierErrors(async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
    if (!bundle.targetUrl) throw new z.errors.Error('Zapier gave no hook URL to subscribe; turn the Zap on again.');
    const token = newBearerToken();
    const botId = agentOf(bundle);
    const webhook = await clarkyClient(z).createWebhook({
      name: zapWebhookName(event.displayName, bundle.meta),
      description: zapWebhookDescription(bundle.meta),
      url: bundle.targetUrl,
      events: [key],
      bot_ids: botId ? [botId] : [],
      bearer_token: token,
    });
    return { id: webhook.id, tokenDigest: bearerDigest(token) };
  });

  const performUnsubscribe = withZapierErrors(async (z: ZObject, bundle: Bundle) => {
    const client = clarkyClient(z);
    const id = subscribedId(bundle.subscribeData);
    // Without an id (subscribe data lost), ours are the webhooks posting to this Zap's hook URL.
    const ids = id
      ? [id]
      : bundle.targetUrl
        ? (await client.listWebhooks()).filter((webhook) => webhook.url === bundle.targetUrl).map(({ id }) => id)
        : [];
    if (ids.length === 0)
      z.console.log('Clarky: unsubscribe found no webhook for this Zap (no subscribe data and none at its hook URL).');
    for (const webhookId of ids) await client.deleteWebhook(webhookId, { ignoreMissing: true });
    return { deleted: ids };
  });

  const perform = async (z: ZObject, bundle: Bundle) => {
    const digest = subscribedDigest(bundle.subscribeData);
    const headers = bundle.rawRequest?.headers;
    const received = authorizationHeader(headers);
    // A forged or stale delivery starts nothing, and says why in the Zap's logs (header names only, never a value).
    const refusal = !digest
      ? 'Zapier holds no subscribe data with a token digest for this Zap; turn the Zap off and on again.'
      : received === undefined
        ? 'the delivery carries no Authorization header.'
        : !bearerMatchesDigest(received, digest)
          ? 'the delivery carries a bearer token this Zap did not give Clarky.'
          : undefined;
    if (refusal) {
      z.console.log(`Clarky: delivery refused: ${refusal} Headers present: ${headerNames(headers)}.`);
      return [];
    }
    const payload = withoutQuerystring(bundle.cleanedRequest);
    // A webhook edited in Clarky to send other events must not start this Zap; a payload without `event` (a custom
    // template that leaves it out) cannot be judged and goes through.
    if (typeof payload.event === 'string' && payload.event !== key) {
      z.console.log(
        `Clarky: delivery dropped: it is for the event ${JSON.stringify(payload.event)}, and this trigger is ` +
          `${TRIGGER_LABELS[key]} (${key}). Check the webhook's events in Clarky under Settings > Webhooks.`,
      );
      return [];
    }
    return [payload];
  };

  const performList = withZapierErrors(async (z: ZObject, bundle: Bundle): Promise<DefaultPayload[]> => {
    const samples = await clarkyClient(z).listSamples({ event: key, botId: agentOf(bundle) });
    return newestFirst(samples).slice(0, MAX_SAMPLES);
  });

  return {
    key: triggerKey(key),
    noun: event.noun,
    display: {
      label: TRIGGER_LABELS[key],
      description: triggerSentence(event),
    },
    operation: {
      type: 'hook',
      inputFields: [
        {
          key: 'bot_id',
          label: 'Agent',
          required: false,
          dynamic: AGENT_DROPDOWN,
          helpText: 'Only trigger for events of this agent. Leave empty to trigger for every agent in the workspace.',
        },
      ],
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      sample: samplePayload(key),
      outputFields: [...PAYLOAD_OUTPUT_FIELDS],
    },
  } satisfies Trigger;
}

/** The value when it is a non-empty string. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const agentOf = (bundle: Bundle) => text(bundle.inputData?.bot_id);
const subscribedId = (data: unknown) => text((data as Partial<SubscribeData> | undefined)?.id);
/** The digest of the subscription's token; subscribe data saved by an earlier version held the token itself. */
function subscribedDigest(data: unknown): string | undefined {
  const saved = data as (Partial<SubscribeData> & { token?: unknown }) | undefined;
  const legacyToken = text(saved?.token);
  return legacyToken ? bearerDigest(legacyToken) : text(saved?.tokenDigest);
}

function headerNames(headers: Readonly<Record<string, unknown>> | undefined): string {
  const names = Object.keys(headers ?? {});
  return names.length > 0 ? names.sort().join(', ') : 'none';
}

/** Zapier adds the hook URL's query string to the parsed body; it is not part of Clarky's payload. */
function withoutQuerystring(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const payload: Record<string, unknown> = { ...body };
  delete payload.querystring;
  return payload;
}

function newestFirst(samples: DefaultPayload[]): DefaultPayload[] {
  return [...samples].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
}
