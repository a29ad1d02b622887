/** Retries a model stream with exponential backoff, honouring the server's retry-after. */
import type { ProviderError, StreamEvent } from "../core/mod.ts";

/** How retries happen; every field is optional. */
export interface RetryOptions {
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** First backoff delay; default 1000 ms, doubled each retry (with up to 20% jitter). */
  baseDelayMs?: number;
  /** Longest wait; a retry-after above it is not waited for (the error is returned). Default 60 s. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Waits `ms`; resolves early when `signal` aborts. Injected by tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait. */
  onRetry?: (error: ProviderError, delayMs: number, attempt: number) => void;
  random?: () => number;
}

/** Sleeps `ms`, resolving early on abort. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** True when an event shows the reply has begun (after which a retry would repeat output). */
export function isContent(event: StreamEvent): boolean {
  return event.type === "text_delta" || event.type === "thinking_delta" ||
    event.type === "tool_call";
}

/**
 * Runs `attempt()` and retries it while it fails with a retryable error before any content.
 * Never throws; yields the events of the attempt that produced content or the last error.
 */
export async function* retryStream(
  attempt: () => AsyncIterable<StreamEvent>,
  options: RetryOptions = {},
): AsyncGenerator<StreamEvent> {
  const maxRetries = options.maxRetries ?? 3;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let n = 0;; n++) {
    const held: StreamEvent[] = [];
    let begun = false;
    let retryError: ProviderError | undefined;
    for await (const event of attempt()) {
      if (begun) {
        yield event;
        continue;
      }
      if (event.type === "error") {
        const e = event.error;
        const delay = e.retryAfterMs ?? base * 2 ** n * (1 + random() * 0.2);
        if (e.retryable && n < maxRetries && delay <= max && !options.signal?.aborted) {
          retryError = e;
          options.onRetry?.(e, delay, n + 1);
          await sleep(delay, options.signal);
          break;
        }
      }
      if (isContent(event) || event.type === "done" || event.type === "error") {
        begun = true;
        yield* held;
        yield event;
      } else held.push(event);
    }
    if (!retryError) return;
  }
}
