/** The loop's breakers: identical repeated tool calls and consecutive failures of one tool. */

/** What the guard says about a call before it runs. */
export type GuardVerdict =
  | { action: "run" }
  | { action: "skip"; message: string }
  | { action: "stop"; message: string };

/** Tracks one turn's tool calls. */
export class LoopGuard {
  #counts = new Map<string, number>();
  #failures = new Map<string, number>();
  #maxRepeats: number;
  #maxErrors: number;

  constructor(limits: { maxToolRepeats: number; maxToolErrors: number }) {
    this.#maxRepeats = limits.maxToolRepeats;
    this.#maxErrors = limits.maxToolErrors;
  }

  /** Checks a call: run it, answer with a system message instead, or stop the turn. */
  check(name: string, args: string): GuardVerdict {
    if ((this.#failures.get(name) ?? 0) >= this.#maxErrors) {
      return {
        action: "skip",
        message: `[System] Tool '${name}' has failed ${this.#maxErrors} times in a row and is ` +
          "blocked for this turn. Try a different approach or answer with what you have.",
      };
    }
    const key = `${name}\u0000${canonical(args)}`;
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    if (count > this.#maxRepeats) {
      return {
        action: "stop",
        message: `Stopped: ${name} was called ${count} times with the same arguments ` +
          "(agent.max_tool_repeats).",
      };
    }
    if (count === this.#maxRepeats) {
      return {
        action: "skip",
        message: `SYSTEM: You have called ${name} with the same arguments ${count} times. ` +
          "Stop repeating it: change your approach or give your answer.",
      };
    }
    return { action: "run" };
  }

  /** Records a call's outcome (failures in a row per tool). */
  record(name: string, failed: boolean): void {
    this.#failures.set(name, failed ? (this.#failures.get(name) ?? 0) + 1 : 0);
  }
}

function canonical(args: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(args)));
  } catch {
    return args;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
