/** The fallback chain: the default model, then `agent.fallback_models`, with a cooldown per model. */
import type { Context, StreamEvent } from "../core/mod.ts";
import type { ProviderError } from "../core/mod.ts";
import { isContent } from "./retry.ts";
import type { StreamFn, StreamOptions } from "./types.ts";

/** Models that failed recently: model id → time (ms) until which they are skipped. */
export type Cooldowns = Map<string, number>;

/** How the chain behaves; every field is optional. */
export interface FallbackOptions {
  /** How long a failed model is skipped; default 60 s. */
  cooldownMs?: number;
  now?: () => number;
  /** Shared between chains so a failure in one session is remembered by others. */
  cooldowns?: Cooldowns;
  /** Called when the chain moves on from `from` to `to`. */
  onFallback?: (from: string, to: string, error: ProviderError) => void;
}

/**
 * Streams from the first model of `chain` not cooling down; when it fails before any content
 * (for any reason but an abort) it cools down and the next one is tried. Never throws.
 */
export function createFallbackStream(
  chain: string[],
  streamModel: (
    id: string,
    context: Context,
    options?: StreamOptions,
  ) => AsyncIterable<StreamEvent>,
  options: FallbackOptions = {},
): StreamFn {
  const cooldowns = options.cooldowns ?? new Map();
  const cooldownMs = options.cooldownMs ?? 60_000;
  const now = options.now ?? Date.now;
  return async function* (context, streamOptions) {
    const ready = chain.filter((id) => (cooldowns.get(id) ?? 0) <= now());
    // When every model is cooling down, try them all anyway rather than fail without trying.
    const order = ready.length ? ready : chain;
    for (let i = 0; i < order.length; i++) {
      const id = order[i];
      const held: StreamEvent[] = [];
      let begun = false;
      let failure: ProviderError | undefined;
      for await (const event of streamModel(id, context, streamOptions)) {
        if (begun) {
          yield event;
          continue;
        }
        const last = i === order.length - 1;
        if (event.type === "error" && event.error.kind !== "aborted" && !last) {
          failure = event.error;
          break;
        }
        if (isContent(event) || event.type === "done" || event.type === "error") {
          begun = true;
          if (event.type === "error" && event.error.kind !== "aborted") {
            cooldowns.set(id, now() + cooldownMs);
          }
          yield* held;
          yield event;
        } else held.push(event);
      }
      if (!failure) return;
      cooldowns.set(id, now() + cooldownMs);
      options.onFallback?.(id, order[i + 1], failure);
    }
  };
}
