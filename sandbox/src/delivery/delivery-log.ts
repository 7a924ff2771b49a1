/** Every delivery attempt, as `GET /_sandbox/deliveries` shows it (the request as sent, token masked). */
import type { EventKey } from '@clarky/core';
import type { OutgoingRequest } from './delivery-request';

/** `retrying`: a retry is scheduled. `delivered` and `failed` are final. */
export type AttemptState = 'delivered' | 'retrying' | 'failed';

export interface DeliveryAttempt {
  readonly id: string;
  readonly event_id: string;
  readonly event: EventKey;
  readonly webhook_id: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  readonly state: AttemptState;
  /** The receiver's HTTP status; null when no response came (network error, timeout). */
  readonly status: number | null;
  readonly duration_ms: number;
  readonly error: string | null;
  readonly request: OutgoingRequest;
  readonly started_at: string;
}

/** Oldest attempts are dropped past this, so a long-running sandbox stays small. */
const KEPT_ATTEMPTS = 50_000;

export class DeliveryLog {
  private attempts: DeliveryAttempt[] = [];

  add(attempt: DeliveryAttempt): void {
    this.attempts.push(attempt);
    if (this.attempts.length > KEPT_ATTEMPTS) this.attempts = this.attempts.slice(KEPT_ATTEMPTS / 2);
  }

  /** Replaces a logged attempt (a scheduled retry that was called off becomes final). */
  replace(previous: DeliveryAttempt, next: DeliveryAttempt): void {
    const index = this.attempts.lastIndexOf(previous);
    if (index >= 0) this.attempts[index] = next;
  }

  /** Oldest first. */
  list(filter: { webhookId?: string } = {}): DeliveryAttempt[] {
    return filter.webhookId === undefined
      ? [...this.attempts]
      : this.attempts.filter((attempt) => attempt.webhook_id === filter.webhookId);
  }
}
