/**
 * When and how long the client waits before trying a request again.
 *
 * Transient failures (429, 5xx, network errors, timeouts) are retried for GET, PATCH and DELETE:
 * repeating them leaves Clarky as one success would. POST (creating a webhook) is retried only
 * when the failure proves Clarky did not act on it: a 429 (the rate limiter refuses before any
 * work) or a connection that never opened (ECONNREFUSED, DNS failure). After a 5xx or a timeout
 * the webhook may exist already, and a blind retry would register a duplicate that delivers
 * every event twice; the error says to look before creating again.
 *
 * Waits honour Retry-After (seconds or HTTP date), then X-RateLimit-Reset on an exhausted 429,
 * else exponential backoff with full jitter. Attempts and total time are both bounded; a wait
 * that would overrun the time budget is not started: the last error is thrown at once.
 */
import type { ClarkyApiError } from './errors';
import type { ApiMethod, ApiResponse } from './transport';

export interface RetryOptions {
  /** Tries in all, the first included. 1 disables retries. */
  readonly attempts?: number;
  /** Time budget from the first try to the end of the last, waits included. */
  readonly maxTotalMs?: number;
  /** Backoff ceiling before the first retry; doubles each retry. */
  readonly baseDelayMs?: number;
  /** Backoff ceiling never grows past this. */
  readonly maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, maxTotalMs: 30_000, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * For work nobody is waiting on, such as registering webhooks while n8n activates hundreds of workflows: waits as
 * long as Clarky asks, for up to two of its 60 s rate windows, so that work never fails on a 429 at Clarky's limits.
 */
export const BACKGROUND_RETRY: RetryOptions = { attempts: 12, maxTotalMs: 150_000 };

/** Connection failures that prove the request never reached Clarky. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...definedOnly(options) };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${name} must be a finite number >= 0`);
  }
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1)
    throw new RangeError('retry.attempts must be an integer >= 1');
  return policy;
}

/** One failed try, as the retry loop sees it. */
export interface Failure {
  readonly error: ClarkyApiError;
  /** True when Clarky certainly did not act on the request (safe to repeat even a POST). */
  readonly neverProcessed: boolean;
}

function isRetryable(method: ApiMethod, failure: Failure): boolean {
  const { status, code } = failure.error;
  const transient = status === 429 || status >= 500 || code === 'network_error' || code === 'timeout';
  return transient && (method !== 'POST' || failure.neverProcessed);
}

/** A rejection's errno code proves the request was never sent. */
export function neverSent(errno: string | undefined): boolean {
  return errno !== undefined && NEVER_SENT.has(errno);
}

/** Full jitter: uniformly in [0, min(maxDelay, base * 2^(retry - 1))). `retry` counts from 1. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Seconds Clarky asked us to wait: Retry-After (delta seconds or HTTP date), else, on a 429 with no
 * requests left, until X-RateLimit-Reset (unix seconds). Undefined when the answer says nothing.
 */
export function retryAfterSeconds(response: ApiResponse, nowMs: number): number | undefined {
  const retryAfter = response.headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  const remaining = response.headers['x-ratelimit-remaining']?.trim();
  const reset = response.headers['x-ratelimit-reset']?.trim();
  if (response.status === 429 && remaining === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Math.ceil(Number(reset) - nowMs / 1000));
  }
  return undefined;
}

export interface RetryClock {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
}

/** The result of one try: a value, or a failure the loop may retry. */
export type AttemptResult<T> = { readonly ok: true; readonly value: T } | ({ readonly ok: false } & Failure);

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy's attempts or time run out.
 * `attempt` gets the milliseconds left in the budget, to cap its own timeout.
 */
export async function withRetries<T>(
  method: ApiMethod,
  policy: RetryPolicy,
  clock: RetryClock,
  attempt: (remainingMs: number) => Promise<AttemptResult<T>>,
): Promise<T> {
  const start = clock.now();
  for (let tries = 1; ; tries++) {
    const result = await attempt(policy.maxTotalMs - (clock.now() - start));
    if (result.ok) return result.value;
    if (tries >= policy.attempts || !isRetryable(method, result)) throw result.error;
    const waitMs =
      result.error.retryAfterSeconds !== undefined
        ? result.error.retryAfterSeconds * 1000
        : backoffDelayMs(tries, policy, clock.random);
    // Never sleep past the budget: better to fail now with the real reason (e.g. "retry after 120 s").
    if (clock.now() - start + waitMs >= policy.maxTotalMs) throw result.error;
    await clock.sleep(waitMs);
  }
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
