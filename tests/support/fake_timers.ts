/** FakeTimers: a hand-driven clock and timer queue implementing the heartbeat's `Timers` port. */
import type { Timers } from "../../src/heartbeat/mod.ts";

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/** Time moves only through `advance()` / `set()`; due callbacks fire in time order. */
export class FakeTimers implements Timers {
  #now: number;
  #next = 1;
  #pending: Pending[] = [];
  /** Every delay asked for, in order (to check backoff). */
  readonly delays: number[] = [];

  constructor(start: number | string = "2026-03-01T10:00:00Z") {
    this.#now = typeof start === "string" ? Date.parse(start) : start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.#next++;
    this.delays.push(ms);
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.#pending = this.#pending.filter((p) => p.id !== id);
  }

  /** Timers still armed. */
  get pending(): number {
    return this.#pending.length;
  }

  /** When the earliest armed timer fires, or undefined. */
  get nextAt(): number | undefined {
    return this.#pending.reduce<number | undefined>(
      (m, p) => (m === undefined || p.at < m ? p.at : m),
      undefined,
    );
  }

  /** Moves the clock forward by `ms`, firing due timers in order and letting their work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#pending.filter((p) =>
        p.at <= end
      ).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = end;
    await settle();
  }

  /** Moves the clock without firing anything (a suspended laptop waking up). */
  jump(ms: number): void {
    this.#now += ms;
  }
}

/** Lets pending promise chains and file I/O finish (a few real macrotask turns; no waiting). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 0));
}
