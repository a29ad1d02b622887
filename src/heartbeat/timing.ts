/** When the heartbeat runs: first tick, the next slot (missed ticks skipped), busy backoff; pure. */

/** Retries of a busy tick start at this delay and double (1 s × 2ⁿ). */
export const BACKOFF_BASE_MS = 1000;

/**
 * When the first tick fires: one interval after the last recorded run, or after `overdueDelayMs`
 * when there is none or that time has passed.
 */
export function firstRunAt(
  lastRunTs: number | undefined,
  now: number,
  intervalMs: number,
  overdueDelayMs: number,
): number {
  if (lastRunTs !== undefined && lastRunTs + intervalMs > now) return lastRunTs + intervalMs;
  return now + overdueDelayMs;
}

/** The slot after `slot` that is still in the future: missed slots are skipped, never bursted. */
export function nextSlot(slot: number, now: number, intervalMs: number): number {
  if (slot + intervalMs > now) return slot + intervalMs;
  const missed = Math.floor((now - slot) / intervalMs);
  return slot + (missed + 1) * intervalMs;
}

/** The delay before busy retry `attempt` (0-based): 1 s × 2ⁿ, capped at interval / 2. */
export function backoffMs(attempt: number, intervalMs: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30), Math.max(intervalMs / 2, 1));
}
