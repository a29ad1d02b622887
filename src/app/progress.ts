/** A one-line progress bar on stderr, drawn only when stdout is a terminal (quiet when piped). */
import type { Output } from "./output.ts";

/** A progress bar; every method is a no-op when output is not a terminal. */
export interface Progress {
  /** Redraws with `done` of `total` (at most every 80 ms, always at the end). */
  update(label: string, done: number, total: number): void;
  /** Clears the line. */
  end(): void;
}

const WIDTH = 24;

/** Creates a progress bar for `output`. */
export function createProgress(
  output: Output,
  now: () => number = () => performance.now(),
): Progress {
  if (!output.isTty) return { update() {}, end() {} };
  let last = -Infinity;
  let drawn = false;
  return {
    update(label, done, total) {
      const t = now();
      if (t - last < 80 && done < total) return;
      last = t;
      drawn = true;
      output.err(`\r\x1b[2K${renderBar(label, done, total)}`);
    },
    end() {
      if (drawn) output.err("\r\x1b[2K");
      drawn = false;
    },
  };
}

/** `label [#####-----] 12/40` (pure). */
export function renderBar(label: string, done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * WIDTH);
  return `${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`;
}
