/**
 * One event to one webhook, until a final state: 2xx delivered; 410 Gone disables the webhook;
 * network errors, timeouts, 429 and 5xx retried on the backoff schedule; other statuses fail at once.
 */
import { createRedactor, type EventKey } from '@clarky/core';
import { prefixedId } from '../workspace/ids';
import type { SeededRandom } from '../workspace/seeded-random';
import type { StoredWebhook, WebhookStore } from '../workspace/webhook-store';
import type { AttemptState, DeliveryAttempt, DeliveryLog } from './delivery-log';
import { buildDeliveryRequest } from './delivery-request';
import type { HttpSender, SendOutcome } from './http-sender';

export interface DeliveryOptions {
  /** A 2xx must arrive (whole response) within this. */
  readonly timeoutMs: number;
  /** Wait before retry 1, 2, ...; its length is the number of retries. */
  readonly retryDelaysMs: readonly number[];
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  timeoutMs: 15_000,
  retryDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000],
};

interface Verdict {
  readonly state: AttemptState;
  readonly error: string | null;
  readonly gone?: boolean;
}

export class Deliverer {
  private readonly waits = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly store: WebhookStore,
    private readonly log: DeliveryLog,
    private readonly sender: HttpSender,
    private readonly options: DeliveryOptions,
    private readonly random: SeededRandom,
    private readonly logLine: ((line: string) => void) | undefined,
  ) {}

  /** Resolves with this delivery's attempts once the last one is final. */
  async deliver(
    eventId: string,
    event: EventKey,
    webhook: StoredWebhook,
    /** The rendered payload. */
    payload: string,
  ): Promise<DeliveryAttempt[]> {
    const request = buildDeliveryRequest(webhook, payload);
    // The deliveries log shows the request as sent but for the token, which a receiver may also echo in its answer.
    const redact = createRedactor([webhook.bearerToken]);
    const shown = redact(request);
    const webhookId = webhook.view.id;
    const attempts: DeliveryAttempt[] = [];
    for (let number = 1; ; number++) {
      const startedAt = new Date().toISOString();
      const outcome = await this.sender.send(request, this.options.timeoutMs);
      const retriesLeft = number <= this.options.retryDelaysMs.length;
      const verdict = judge(outcome, retriesLeft, number);
      const attempt: DeliveryAttempt = {
        id: prefixedId('dl', this.random),
        event_id: eventId,
        event,
        webhook_id: webhookId,
        attempt: number,
        state: verdict.state,
        status: outcome.kind === 'response' ? outcome.status : null,
        duration_ms: outcome.durationMs,
        error: redact(verdict.error),
        request: shown,
        started_at: startedAt,
      };
      this.record(attempts, attempt);
      if (verdict.gone) this.store.disable(webhookId);
      if (verdict.state !== 'retrying') return attempts;

      await this.wait(this.options.retryDelaysMs[number - 1]!);
      const stopReason = this.reasonToStop(webhookId);
      if (stopReason) {
        this.record(attempts, {
          ...attempt,
          state: 'failed',
          error: `${attempt.error}; retry cancelled: ${stopReason}`,
        });
        return attempts;
      }
    }
  }

  /** Calls off scheduled retries (each ends as failed) and refuses new attempts. */
  close(): void {
    this.closed = true;
    for (const wake of this.waits) wake();
    this.waits.clear();
  }

  private record(attempts: DeliveryAttempt[], attempt: DeliveryAttempt): void {
    const previous = attempts.at(-1);
    if (previous?.id === attempt.id) {
      attempts[attempts.length - 1] = attempt;
      this.log.replace(previous, attempt);
    } else {
      attempts.push(attempt);
      this.log.add(attempt);
    }
    if (!this.logLine) return;
    const status = attempt.status === null ? '' : `HTTP ${attempt.status}, `;
    this.logLine(
      `delivery ${attempt.webhook_id} ${attempt.event} attempt ${attempt.attempt}: ${status}${attempt.state}` +
        ` (${attempt.duration_ms} ms)${attempt.error ? `: ${attempt.error}` : ''}`,
    );
  }

  private reasonToStop(webhookId: string): string | undefined {
    if (this.closed) return 'the sandbox shut down';
    const current = this.store.get(webhookId);
    if (!current) return 'the webhook was deleted';
    if (!current.view.enabled) return 'the webhook was disabled';
    return undefined;
  }

  private wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waits.add(wake);
    });
  }
}

function judge(outcome: SendOutcome, retriesLeft: boolean, number: number): Verdict {
  const retry = (error: string): Verdict =>
    retriesLeft
      ? { state: 'retrying', error }
      : { state: 'failed', error: `${error}; gave up after ${number} attempts` };
  if (outcome.kind === 'error') return retry(outcome.error);
  const { status, bodyExcerpt } = outcome;
  if (status >= 200 && status < 300) return { state: 'delivered', error: null };
  const answered = `HTTP ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`;
  if (status === 410) return { state: 'failed', error: `${answered}; 410 Gone disabled the webhook`, gone: true };
  if (status === 429 || status >= 500) return retry(answered);
  return { state: 'failed', error: `${answered}; not retried (only network errors, timeouts, 429 and 5xx are)` };
}
