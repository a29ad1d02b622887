/**
 * The daemon's delivery fan-out: heartbeat and cron results go to the daemon log and to every
 * channel added with `add()` (web UI clients through the event bus; Telegram with one
 * `hub.add(bot.deliver)`). A failing channel never stops the others.
 */
import type { Deliver, Delivery } from "../../core/mod.ts";
import type { DaemonLog } from "./log_file.ts";

/** The hub: one `deliver` for the producers, `add` for the channels. */
export interface DeliveryHub {
  deliver: Deliver;
  /** Adds a channel; returns the function that removes it. */
  add(deliver: Deliver): () => void;
}

/** Creates the hub; every delivery is logged first. */
export function createDeliveryHub(log: Pick<DaemonLog, "info" | "warn">): DeliveryHub {
  const channels = new Set<Deliver>();
  return {
    async deliver(d: Delivery) {
      const what = d.source === "cron" ? `cron job "${d.name}"` : "heartbeat";
      log.info(`${what} delivered: ${d.text.replace(/\s+/g, " ").slice(0, 500)}`);
      await Promise.all(
        [...channels].map((c) =>
          c(d).catch((e) => log.warn(`${what}: a channel failed: ${(e as Error).message}`))
        ),
      );
    },
    add(deliver) {
      channels.add(deliver);
      return () => channels.delete(deliver);
    },
  };
}
