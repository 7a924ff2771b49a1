/**
 * Triggering an event: a realistic context, recorded for samples, then one delivery to every
 * enabled, subscribed, in-scope webhook, all at once. Shared by `POST /_sandbox/events` and
 * `Sandbox.trigger`, so both validate alike and resolve when every delivery is final.
 */
import {
  isEventKey,
  render,
  type Agent,
  type CompiledTemplate,
  type DefaultPayload,
  type EventContext,
  type EventKey,
} from '@clarky/core';
import { unknownAgent, unknownEvent, validationError } from '../http/validation';
import type { EventLog } from '../workspace/event-log';
import { prefixedId } from '../workspace/ids';
import type { SeededRandom } from '../workspace/seeded-random';
import type { WebhookStore } from '../workspace/webhook-store';
import type { Deliverer } from './deliverer';
import type { DeliveryAttempt } from './delivery-log';
import { checkOverrides, makeEventContext } from './event-context';

export interface TriggerRequest {
  readonly event?: unknown;
  readonly bot_id?: unknown;
  readonly overrides?: unknown;
}

export interface TriggeredEvent {
  readonly id: string;
  readonly event: EventKey;
  readonly bot_id: string;
  /** The event in the default payload shape (what `GET /webhooks/samples` shows). */
  readonly payload: DefaultPayload;
  /** Every attempt of every delivery of this event, each delivery's last one final. */
  readonly deliveries: DeliveryAttempt[];
}

export class EventDispatcher {
  constructor(
    private readonly agents: readonly Agent[],
    private readonly store: WebhookStore,
    private readonly eventLog: EventLog,
    private readonly deliverer: Deliverer,
    private readonly random: SeededRandom,
  ) {}

  async trigger(request: TriggerRequest): Promise<TriggeredEvent> {
    const { event, agent, overrides } = this.check(request);
    const context = makeEventContext(event, agent, overrides, this.random);
    const id = prefixedId('evt', this.random);
    const payload = this.eventLog.record(event, agent.id, context);
    // Webhooks without a template share one compiled default: render each distinct template once per event.
    const rendered = new Map<CompiledTemplate, string>();
    const bodyFor = (template: CompiledTemplate) => {
      let body = rendered.get(template);
      if (body === undefined) rendered.set(template, (body = render(template, context)));
      return body;
    };
    const deliveries = await Promise.all(
      this.store
        .subscribers(event, agent.id)
        .map((webhook) => this.deliverer.deliver(id, event, webhook, bodyFor(webhook.template))),
    );
    return { id, event, bot_id: agent.id, payload, deliveries: deliveries.flat() };
  }

  private check(request: TriggerRequest): { event: EventKey; agent: Agent; overrides: EventContext } {
    const { event, bot_id: botId } = request;
    if (typeof event !== 'string' || !isEventKey(event)) {
      throw validationError([unknownEvent('event', event)]);
    }
    const agent = botId === undefined || botId === null ? this.agents[0] : this.agents.find((a) => a.id === botId);
    if (!agent) {
      throw validationError([unknownAgent('bot_id', botId)]);
    }
    return { event, agent, overrides: checkOverrides(request.overrides) };
  }
}
