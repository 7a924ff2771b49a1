/** Clarky's per-key rate limits: N requests per rolling window, reads and writes counted apart. */
export interface RateLimits {
  readonly reads: number;
  readonly writes: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { reads: 120, writes: 60, windowMs: 60_000 };

export type RateKind = 'read' | 'write';

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds when the oldest counted request leaves the window (a slot frees up). */
  readonly resetAt: number;
  /** Whole seconds to wait before a retry can succeed; 0 when allowed. */
  readonly retryAfter: number;
}

export class RateLimiter {
  /** Accepted request times per `<kind>:<identity>`, oldest first. Refused requests are not counted. */
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits) {}

  take(identity: string, kind: RateKind, now: number = Date.now()): RateDecision {
    const limit = kind === 'read' ? this.limits.reads : this.limits.writes;
    const bucket = `${kind}:${identity}`;
    const times = this.windows.get(bucket) ?? [];
    const windowStart = now - this.limits.windowMs;
    let expired = 0;
    while (expired < times.length && times[expired]! <= windowStart) expired++;
    if (expired > 0) times.splice(0, expired);

    const allowed = times.length < limit;
    if (allowed) times.push(now);
    this.windows.set(bucket, times);

    const freesAt = (times[0] ?? now) + this.limits.windowMs;
    return {
      allowed,
      limit,
      remaining: limit - times.length,
      resetAt: Math.ceil(freesAt / 1000),
      retryAfter: allowed ? 0 : Math.max(1, Math.ceil((freesAt - now) / 1000)),
    };
  }
}
