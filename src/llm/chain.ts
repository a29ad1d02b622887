/** The stream the agent uses: a model and its fallbacks, each retried with backoff. */
import type { Registry } from "./registry.ts";
import { createFallbackStream, type FallbackOptions } from "./fallback.ts";
import { type RetryOptions, retryStream } from "./retry.ts";
import type { StreamFn } from "./types.ts";

/** The chain to build: `model` first, then `fallbacks` (agent.fallback_models). */
export interface ModelStreamOptions {
  model: string;
  fallbacks?: string[];
  retry?: Omit<RetryOptions, "signal">;
  fallback?: FallbackOptions;
}

/** Builds a StreamFn over `registry`: retries per model, then the next model in the chain. */
export function createModelStream(registry: Registry, options: ModelStreamOptions): StreamFn {
  const chain = [options.model, ...(options.fallbacks ?? []).filter((m) => m !== options.model)];
  return createFallbackStream(
    chain,
    (id, context, opts) =>
      retryStream(() => registry.stream(id, context, opts), {
        ...options.retry,
        signal: opts?.signal,
      }),
    options.fallback,
  );
}
