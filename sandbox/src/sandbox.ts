/** `startSandbox`: a local Clarky on 127.0.0.1, seeded, delivering real webhooks. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, Agent, Company, Contact, EventContext, EventKey, Webhook } from '@clarky/core';
import { apiRouter } from './api/api-router';
import { controlRouter } from './delivery/control-routes';
import { Deliverer, DEFAULT_DELIVERY, type DeliveryOptions } from './delivery/deliverer';
import { DeliveryLog, type DeliveryAttempt } from './delivery/delivery-log';
import { EventDispatcher, type TriggeredEvent } from './delivery/event-dispatcher';
import { HttpSender } from './delivery/http-sender';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './http/rate-limiter';
import { requestHandler } from './http/request-handler';
import { API_PREFIX } from './http/sandbox-paths';
import { deriveKeys, KeyRing, type ApiKeys } from './workspace/api-keys';
import { createWorkspace } from './workspace/workspace';
import type { SequenceTemplate, StartedSequence } from './workspace/workspace-records';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SEED = 'clarky-sandbox';

export interface SandboxOptions {
  /** 0 picks a free port (tests). Default 4010. */
  readonly port?: number;
  readonly host?: string;
  /** Varies the keys, workspace, contacts and ids; the same seed gives the same sandbox. */
  readonly seed?: string;
  /** Override either key; the other stays derived from the seed. */
  readonly keys?: Partial<ApiKeys>;
  readonly rateLimits?: Partial<RateLimits>;
  readonly delivery?: Partial<DeliveryOptions>;
  /** One line per request and per delivery attempt; never a secret. Silent by default. */
  readonly log?: (line: string) => void;
}

export interface TriggerOptions {
  /** The agent the event happens to; the first agent when absent. */
  readonly botId?: string;
  /** Variable values to use instead of the sample's. */
  readonly overrides?: EventContext;
}

export interface Sandbox {
  /** The API base URL, e.g. http://127.0.0.1:4010/api/v1. */
  readonly url: string;
  /** e.g. http://127.0.0.1:4010; the controls live under `${origin}/_sandbox`. */
  readonly origin: string;
  readonly keys: ApiKeys;
  readonly agents: Agent[];
  /** Same as `POST /_sandbox/events`; resolves once every delivery of the event is final. */
  trigger(event: EventKey, options?: TriggerOptions): Promise<TriggeredEvent>;
  /** Every delivery attempt so far, oldest first (request token masked). */
  deliveries(filter?: { webhookId?: string }): DeliveryAttempt[];
  /** The stored webhooks as the API shows them (never the token). */
  webhooks(): Webhook[];
  /**
   * The bearer token a webhook was given (null when none; undefined for an unknown id): what its deliveries carry.
   * For tests that must call a subscriber as Clarky would; the API never shows it.
   */
  bearerTokenOf(webhookId: string): string | null | undefined;
  /** The workspace's contacts as the API shows them, those created through it included. */
  contacts(): Contact[];
  companies(): Company[];
  /** Every activity, on contacts and on companies, oldest first. */
  activities(): Activity[];
  /** The templates a sequence start can name (Clarky lists them in its app, not its API). */
  readonly sequenceTemplates: readonly SequenceTemplate[];
  /** Every accepted `POST /sequences/start`, oldest first: what was started, for whom, and whether it awaits approval. */
  startedSequences(): StartedSequence[];
  /** Stops listening, calls off scheduled retries and aborts deliveries in flight. */
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  const keys = withDefaults(deriveKeys(seed), options.keys);
  const workspace = createWorkspace(seed);
  const { agents, records, webhooks: store, events: eventLog, random } = workspace;
  const deliveryLog = new DeliveryLog();
  const sender = new HttpSender();
  const deliverer = new Deliverer(
    store,
    deliveryLog,
    sender,
    withDefaults(DEFAULT_DELIVERY, options.delivery),
    random,
    options.log,
  );
  const dispatcher = new EventDispatcher(agents, store, eventLog, deliverer, random);

  const server = createServer(
    requestHandler({
      keys: new KeyRing(keys),
      limiter: new RateLimiter(withDefaults(DEFAULT_RATE_LIMITS, options.rateLimits)),
      api: apiRouter(workspace),
      control: controlRouter(dispatcher, deliveryLog),
      log: options.log,
    }),
  );
  await listen(server, options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST);
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin + API_PREFIX,
    origin,
    keys,
    agents,
    trigger: (event, trigger = {}) =>
      dispatcher.trigger({ event, bot_id: trigger.botId, overrides: trigger.overrides }),
    deliveries: (filter) => deliveryLog.list(filter),
    webhooks: () => store.list(),
    bearerTokenOf: (webhookId) => store.get(webhookId)?.bearerToken,
    contacts: () => records.contacts.list(),
    companies: () => records.companies.list(),
    activities: () => records.activities.list(),
    sequenceTemplates: records.templates,
    startedSequences: () => records.sequences.list(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        deliverer.close();
        sender.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Options given as undefined (an unset CLI flag) keep their default. */
function withDefaults<T extends object>(defaults: T, given: Partial<T> = {}): T {
  const defined = Object.entries(given).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
