/** Events triggered so far, kept for `GET /webhooks/samples` (the newest few per event). */
import { buildDefaultPayload, type DefaultPayload, type EventContext, type EventKey } from '@clarky/core';

/** Samples show at most this many; keeping a few more lets a bot_id filter still find some. */
const SAMPLES_SHOWN = 3;
const KEPT_PER_EVENT = 50;

interface Recorded {
  readonly botId: string;
  readonly payload: DefaultPayload;
}

export class EventLog {
  private readonly byEvent = new Map<EventKey, Recorded[]>();

  record(event: EventKey, botId: string, context: EventContext): DefaultPayload {
    const payload = buildDefaultPayload(context);
    const recorded = this.byEvent.get(event) ?? [];
    recorded.unshift({ botId, payload });
    if (recorded.length > KEPT_PER_EVENT) recorded.length = KEPT_PER_EVENT;
    this.byEvent.set(event, recorded);
    return payload;
  }

  /** Newest first, in the default payload shape; an empty list when nothing happened yet. */
  samples(event: EventKey, botId?: string): DefaultPayload[] {
    return (this.byEvent.get(event) ?? [])
      .filter((recorded) => botId === undefined || recorded.botId === botId)
      .slice(0, SAMPLES_SHOWN)
      .map((recorded) => recorded.payload);
  }
}
