/** A virtual clock for code that takes a `Clock` (now, setTimeout, clearTimeout). */

/** A clock whose time moves only when told (or, with `auto`, jumps to each timer as it is set). */
export interface FakeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves time forward, running the timers that fall due, in order. */
  advance(ms: number): Promise<void>;
  /** Timers waiting. */
  readonly pending: number;
}

/**
 * Creates a fake clock starting at `start`. With `auto`, every timer fires on the next macrotask
 * and time jumps to its due time, so code that waits runs at once while `now()` tells the story
 * (timers longer than `autoMaxMs` still wait for `advance()`).
 */
export function createFakeClock(
  options: { start?: number; auto?: boolean; autoMaxMs?: number } = {},
): FakeClock {
  let t = options.start ?? 1_000_000;
  let seq = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();
  const fire = (id: number) => {
    const timer = timers.get(id);
    if (!timer) return;
    timers.delete(id);
    t = Math.max(t, timer.due);
    timer.fn();
  };
  return {
    now: () => t,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { due: t + Math.max(0, ms), fn });
      // Timers longer than `autoMaxMs` wait for `advance()` even in auto mode.
      if (options.auto && ms <= (options.autoMaxMs ?? Infinity)) setTimeout(() => fire(id), 0);
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const next = [...timers.entries()].filter(([, v]) => v.due <= end)
          .sort((a, b) => a[1].due - b[1].due)[0];
        if (!next) break;
        fire(next[0]);
        // Let the timer's async work (an edit request) run before the next one.
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
      t = end;
    },
    get pending() {
      return timers.size;
    },
  };
}
