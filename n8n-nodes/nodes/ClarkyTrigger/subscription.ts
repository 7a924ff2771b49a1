/**
 * The webhook lifecycle n8n drives on activation and deactivation: is our Clarky webhook still
 * there and as the node asks (checkExists), register a fresh one (create), remove it (delete).
 */
import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import {
  BACKGROUND_RETRY,
  bearerDigest,
  compile,
  isEventKey,
  newBearerToken,
  rendersObject,
  type EventKey,
  type RetryOptions,
  type Webhook,
  type WebhookCreate,
  type WebhookMethod,
} from '@clarky/core';

import { clarkyNodeError } from '../../shared/errors';
import { templateNodeError } from './template-error';
import { clearRegistration, readRegistration, storeRegistration } from './registration';
import { clarkyConnection } from '../../shared/transport';
import { checkedWebhooks, currentWebhooks, recordChange } from './webhook-listing';
import type { TriggerOptions } from './options';
import { webhookMethod } from './webhook-method';

/** What the node's parameters ask Clarky to deliver, and where. */
interface DesiredWebhook {
  readonly name: string;
  readonly url: string;
  readonly method: WebhookMethod;
  readonly events: readonly EventKey[];
  readonly botIds: readonly string[];
  /** null: Clarky's default payload. */
  readonly template: string | null;
}

/** Reads and checks the parameters; a bad template or event fails here, before any request. */
function desiredWebhook(context: IHookFunctions): DesiredWebhook {
  const node = context.getNode();
  const url = context.getNodeWebhookUrl('default');
  if (!url)
    throw new NodeOperationError(node, 'n8n did not give this node a webhook URL; save the workflow and try again.');

  const events = context.getNodeParameter('events', []) as string[];
  if (events.length === 0) throw new NodeOperationError(node, 'Choose at least one event in "Events".');
  const unknown = events.filter((event) => !isEventKey(event));
  if (unknown.length > 0) {
    throw new NodeOperationError(node, `Unknown event ${unknown.join(', ')}: choose the events again in "Events".`);
  }

  const options = context.getNodeParameter('options', {}) as TriggerOptions;
  const template = options.payloadTemplate?.trim() ? options.payloadTemplate : null;
  if (template !== null) {
    const compiled = compile(template);
    if (!compiled.ok) throw templateNodeError(node, compiled.errors);
    if (!rendersObject(compiled.template)) {
      throw new NodeOperationError(
        node,
        'Custom Payload Template: the template must be a JSON object, { ... }: n8n turns each delivery into one item.',
      );
    }
  }

  return {
    name: options.webhookName?.trim() || `n8n: ${context.getWorkflow().name ?? 'workflow'}`,
    url,
    // What n8n listens on (the description's httpMethod), so Clarky calls with that same method.
    method: webhookMethod(options),
    events: events as EventKey[],
    botIds: context.getNodeParameter('agents', []) as string[],
    template,
  };
}

/** The fields where Clarky's webhook no longer matches what the node asks for; [] when none. */
function driftOf(existing: Webhook, desired: DesiredWebhook): string[] {
  const drift: string[] = [];
  if (existing.url !== desired.url) drift.push('url');
  if (existing.method !== desired.method) drift.push('method');
  if (!sameSet(existing.events, desired.events)) drift.push('events');
  if (!sameSet(existing.bot_ids, desired.botIds)) drift.push('agents');
  if ((existing.payload_template ?? null) !== desired.template) drift.push('template');
  if (!existing.enabled) drift.push('disabled');
  if (!existing.has_bearer_token) drift.push('bearer token');
  return drift;
}

/**
 * checkExists: true only when our webhook is in Clarky exactly as configured, as a listing shared by the calls on
 * the same account shows it (webhook-listing.ts). Changes nothing in Clarky; a registration stored the old way
 * (with the token itself) is rewritten as its digest.
 */
export async function webhookExists(context: IHookFunctions): Promise<boolean> {
  const staticData = context.getWorkflowStaticData('node');
  const registration = readRegistration(staticData);
  if (!registration || registration.tokenDigest === '') return false;
  if (registration.legacy) storeRegistration(staticData, registration);
  const desired = desiredWebhook(context);
  const { client, account } = await clarkyConnection(context, retryFor(context));
  const webhooks = await checkedWebhooks(account, client).catch((error: unknown) => {
    throw clarkyNodeError(context.getNode(), error);
  });
  const existing = webhooks.get(registration.webhookId);
  return existing !== undefined && driftOf(existing, desired).length === 0;
}

/**
 * create: removes every webhook at our URL (and the one we registered before), then registers one with a fresh
 * token and remembers it. The URL holds n8n's id for this node, so whatever is there is ours from before: an
 * abandoned test listen, an ambiguous create, lost static data. One URL, one webhook. Leftovers go first: n8n
 * saves the new token only once create returns, so the new webhook is live for as short a time as possible before
 * n8n can accept its deliveries.
 */
export async function registerWebhook(context: IHookFunctions): Promise<boolean> {
  const desired = desiredWebhook(context);
  const staticData = context.getWorkflowStaticData('node');
  const replaced = readRegistration(staticData);
  const { client, account } = await clarkyConnection(context, retryFor(context));

  // A leftover that cannot be removed is worth a warning, not a failed activation.
  const warn = (what: string, error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    context.logger.warn(
      `Clarky Trigger: could not ${what} (${reason}). Delete any other webhook to ${desired.url} in Clarky under ` +
        'Settings > Webhooks, or it keeps sending events n8n no longer accepts.',
    );
  };
  const leftovers = new Set(replaced ? [replaced.webhookId] : []);
  try {
    for (const webhook of (await currentWebhooks(account, client)).values()) {
      if (webhook.url === desired.url) leftovers.add(webhook.id);
    }
  } catch (error) {
    warn('list the webhooks at this URL', error);
  }
  for (const id of leftovers) {
    await client.deleteWebhook(id, { ignoreMissing: true }).then(
      () => recordChange(account, { deleted: id }),
      (error: unknown) => warn(`delete the replaced Clarky webhook ${id}`, error),
    );
  }

  const bearerToken = newBearerToken();
  const input: WebhookCreate = {
    name: desired.name,
    url: desired.url,
    method: desired.method,
    events: [...desired.events],
    bot_ids: [...desired.botIds],
    bearer_token: bearerToken,
    payload_template: desired.template,
    enabled: true,
  };
  const created = await client.createWebhook(input).catch((error: unknown) => {
    throw clarkyNodeError(context.getNode(), error);
  });
  storeRegistration(staticData, { webhookId: created.id, tokenDigest: bearerDigest(bearerToken) });
  recordChange(account, { created });
  return true;
}

/** delete: removes only the webhook this node registered. Already gone counts as done. */
export async function unregisterWebhook(context: IHookFunctions): Promise<boolean> {
  const staticData = context.getWorkflowStaticData('node');
  const registration = readRegistration(staticData);
  if (!registration) return true;
  const { client, account } = await clarkyConnection(context, retryFor(context));
  await client.deleteWebhook(registration.webhookId, { ignoreMissing: true }).catch((error: unknown) => {
    throw clarkyNodeError(context.getNode(), error);
  });
  recordChange(account, { deleted: registration.webhookId });
  clearRegistration(staticData);
  return true;
}

/**
 * Activation (at startup, on publish) waits out Clarky's rate limits however long they ask: nobody watches it and
 * n8n does not retry a failed one. A test listen in the editor keeps the short default: a person is waiting.
 */
function retryFor(context: IHookFunctions): RetryOptions | undefined {
  return context.getActivationMode() === 'manual' ? undefined : BACKGROUND_RETRY;
}

function sameSet(actual: readonly string[], expected: readonly string[]): boolean {
  const wanted = new Set(expected);
  const found = new Set(actual);
  return wanted.size === found.size && [...wanted].every((item) => found.has(item));
}
