/** The bot's options and public face. */
import type { SessionDeps, SkillCommand } from "../../agent/mod.ts";
import type { Deliver } from "../../core/mod.ts";
import type { MemoryHit } from "./commands.ts";
import type { Clock } from "./live_reply.ts";
import type { Pairing } from "./pairing.ts";
import type { TelegramStatus } from "./status.ts";

/** Where the bot's log lines go (the daemon log). */
export interface TelegramLog {
  info(text: string): void;
  warn(text: string): void;
}

/** Options of `createTelegramBot()`: the `[telegram]` slice plus what the app wires in. */
export interface TelegramBotOptions {
  token: string;
  /** Bot API root, e.g. `https://api.telegram.org` (config `telegram.api_root`). */
  apiRoot: string;
  allowedUpdates: readonly string[];
  /** Pairing, chat map and status files live here. */
  stateDir: string;
  /** Forum topic for heartbeat and cron deliveries. */
  heartbeatTopicId?: number;
  /** Unanswered approval buttons deny after this. */
  approvalTimeoutMs: number;
  maxAttachmentBytes: number;
  /** What every chat's Session is built from; `approve` is set per chat by the bot. */
  deps: SessionDeps;
  defaultModel: string;
  models?(): Promise<string[]>;
  /** Throws for a model id that cannot be used (`/model name`). */
  checkModel?(model: string): void;
  searchMemory?(query: string, limit: number): Promise<MemoryHit[]>;
  skillCommands: readonly SkillCommand[];
  /** The `/skills` listing. */
  skillsText: string;
  home?: string;
  log: TelegramLog;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Waits for a 429's `retry_after` (default: a timer cut short by `stop()`). */
  sleep?(ms: number): Promise<void>;
  /** Pairing codes (default: crypto random). */
  randomCode?(): string;
  /**
   * Called when a chat's turn starts; the function it returns when it ends (the daemon's
   * heartbeat waits while a person is talking).
   */
  onTurn?: () => () => void;
}

/** The running bot. */
export interface TelegramBot {
  /**
   * Calls getMe, registers the command menu and starts long polling; resolves once polling runs,
   * or with the reason it could not start. Never throws for Bot API failures.
   */
  start(): Promise<{ ok: true; username: string } | { ok: false; reason: string }>;
  /** Stops polling, aborts running turns (saved), denies pending approvals, closes sessions. */
  stop(): Promise<void>;
  /** Sends a heartbeat/cron result to the paired user (topic `heartbeat_topic_id`). */
  deliver: Deliver;
  /** The current state (also written to `<state_dir>/telegram_status.json`). */
  status(): TelegramStatus;
  pairing: Pairing;
}
