/**
 * The heartbeat runner: one timer, one tick at a time. The first tick comes one interval after
 * the recorded one (or after the overdue delay); later ticks keep the slot grid and skip missed
 * slots; a busy tick (`skipped_may_try`) retries with backoff. `stop()` aborts a running tick,
 * whose session is saved, and waits for it.
 */
import type { HeartbeatEvent } from "./events.ts";
import { REAL_TIMERS, type Timers } from "./timers.ts";
import { backoffMs, firstRunAt, nextSlot } from "./timing.ts";

/** Options of `startHeartbeatRunner()`. */
export interface RunnerOptions {
  intervalMs: number;
  overdueDelayMs: number;
  /** The last recorded tick (from `last_heartbeat`). */
  lastRunTs?: number;
  /** Runs one tick; must not throw. */
  tick(signal: AbortSignal): Promise<HeartbeatEvent>;
  /** Called after every tick with its event. */
  onEvent?(event: HeartbeatEvent): void;
  timers?: Timers;
}

/** A started runner. */
export interface HeartbeatRunner {
  /** True from start until `stop()`. */
  readonly running: boolean;
  /** True while a tick runs. */
  readonly ticking: boolean;
  /** When the next tick fires (epoch ms), or undefined once stopped. */
  nextRun(): number | undefined;
  /** Ticks run so far. */
  readonly ticks: number;
  stop(): Promise<void>;
}

/** Starts the runner; its first timer is armed before this returns. */
export function startHeartbeatRunner(options: RunnerOptions): HeartbeatRunner {
  const timers = options.timers ?? REAL_TIMERS;
  const { intervalMs } = options;
  let slot = firstRunAt(options.lastRunTs, timers.now(), intervalMs, options.overdueDelayMs);
  let nextAt: number | undefined = slot;
  let attempt = 0;
  let timer: number | undefined;
  let current: Promise<void> | undefined;
  let abort: AbortController | undefined;
  let running = true;
  let ticks = 0;

  const arm = (at: number) => {
    nextAt = at;
    timer = timers.setTimeout(fire, Math.max(0, at - timers.now()));
  };
  const fire = () => {
    timer = undefined;
    if (!running || current) return;
    abort = new AbortController();
    current = (async () => {
      const started = timers.now();
      // A tick must not throw; if one does, it is a failed tick, not a dead runner.
      const event = await options.tick(abort!.signal).catch((error): HeartbeatEvent => ({
        ts: started,
        status: "failed",
        duration_ms: timers.now() - started,
        reason: (error as Error)?.message ?? String(error),
      }));
      ticks++;
      options.onEvent?.(event);
      if (!running) return;
      if (event.status === "skipped_may_try") {
        arm(timers.now() + backoffMs(attempt++, intervalMs));
        return;
      }
      attempt = 0;
      slot = nextSlot(slot, timers.now(), intervalMs);
      arm(slot);
    })().finally(() => {
      current = undefined;
      abort = undefined;
    });
  };
  arm(slot);

  return {
    get running() {
      return running;
    },
    get ticking() {
      return current !== undefined;
    },
    get ticks() {
      return ticks;
    },
    nextRun: () => (running ? nextAt : undefined),
    async stop() {
      running = false;
      nextAt = undefined;
      if (timer !== undefined) timers.clearTimeout(timer);
      abort?.abort();
      await current;
    },
  };
}
