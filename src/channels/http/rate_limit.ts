/** Per-client token buckets: `perMinute` sustained, at most `burst` at once (pure; clock injected). */

/** Whether a request may pass, and when to retry if not. */
export interface RateDecision {
  ok: boolean;
  /** Seconds until a token is available (when refused). */
  retryAfter: number;
}

/** A limiter keyed by client address. */
export interface RateLimiter {
  take(key: string, now: number): RateDecision;
}

/** Creates a token-bucket limiter; buckets idle for ten minutes are forgotten. */
export function createRateLimiter(perMinute: number, burst: number): RateLimiter {
  const capacity = Math.max(1, burst);
  const ratePerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = 0;
  return {
    take(key, now) {
      if (now - lastSweep > 600_000) {
        for (const [k, b] of buckets) if (now - b.at > 600_000) buckets.delete(k);
        lastSweep = now;
      }
      const b = buckets.get(key) ?? { tokens: capacity, at: now };
      b.tokens = Math.min(capacity, b.tokens + (now - b.at) * ratePerMs);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true, retryAfter: 0 };
      }
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
    },
  };
}
