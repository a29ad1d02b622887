/** The daemon's background-event bus: heartbeat ticks, cron runs and deliveries to web UI clients. */
import type { BackgroundEvent } from "../../channels/http/mod.ts";

/** Publish to every subscriber; `close()` ends every subscription. */
export interface EventBus {
  publish(event: BackgroundEvent): void;
  /** Delivers events until `signal` aborts or the bus closes; then resolves. */
  subscribe(listener: (event: BackgroundEvent) => void, signal: AbortSignal): Promise<void>;
  readonly subscribers: number;
  close(): void;
}

/** Creates the bus. */
export function createEventBus(): EventBus {
  const listeners = new Set<(event: BackgroundEvent) => void>();
  const closers = new Set<() => void>();
  let closed = false;
  return {
    publish(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch {
          // A client that cannot take the event leaves through its own signal.
        }
      }
    },
    subscribe(listener, signal) {
      if (closed || signal.aborted) return Promise.resolve();
      listeners.add(listener);
      return new Promise<void>((resolve) => {
        const end = () => {
          listeners.delete(listener);
          closers.delete(end);
          signal.removeEventListener("abort", end);
          resolve();
        };
        closers.add(end);
        signal.addEventListener("abort", end, { once: true });
      });
    },
    get subscribers() {
      return listeners.size;
    },
    close() {
      closed = true;
      for (const end of [...closers]) end();
    },
  };
}
