/** The daemon keeps the embedded model loaded between turns and frees it after `idle_unload`. */
import type { DaemonLog } from "./log_file.ts";

/** Options of `startIdleUnload()`. */
export interface IdleUnloadOptions {
  /** `providers.local.idle_unload` in ms; 0 never unloads. */
  idleMs: number;
  log: Pick<DaemonLog, "info" | "warn">;
  /** Frees the model if idle that long (default: llm's `unloadIdleLocalModel`). */
  unload?: (idleMs: number, now: number) => Promise<boolean>;
  now?: () => number;
}

/** One check: unloads when idle long enough and logs it (the timer's body; exported for tests). */
export async function idleUnloadTick(options: IdleUnloadOptions): Promise<boolean> {
  const unload = options.unload ??
    (await import("../../llm/mod.ts")).unloadIdleLocalModel;
  try {
    const done = await unload(options.idleMs, (options.now ?? Date.now)());
    if (done) options.log.info(`local model unloaded after ${options.idleMs / 1000}s unused`);
    return done;
  } catch (error) {
    options.log.warn(`cannot unload the local model: ${(error as Error).message}`);
    return false;
  }
}

/** Checks every `idleMs / 4` (at most every minute, at least every second); returns the stopper. */
export function startIdleUnload(options: IdleUnloadOptions): () => void {
  if (options.idleMs <= 0) return () => {};
  const every = Math.max(1000, Math.min(60_000, options.idleMs / 4));
  const timer = setInterval(() => void idleUnloadTick(options), every);
  return () => clearInterval(timer);
}
