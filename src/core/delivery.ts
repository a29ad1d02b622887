/**
 * Background results handed to the channels. The heartbeat runner and cron produce a `Delivery`;
 * `app/` fans it out (daemon log, web UI event, Telegram) through `Deliver` functions, so the
 * producers never know which channels exist.
 */

/** One result of background work that a person should see. */
export interface Delivery {
  /** What produced it. */
  source: "heartbeat" | "cron";
  /** The cron job's name (cron only). */
  name?: string;
  /** The assistant's reply, as markdown. */
  text: string;
  /** When it was produced (epoch ms). */
  ts: number;
  /** The saved session that holds the whole run, when there is one. */
  sessionId?: string;
}

/** Hands a delivery to one channel. Never throws: a channel logs its own failures. */
export type Deliver = (delivery: Delivery) => Promise<void>;
