/** Web search as the session status shows it. */
export interface WebSearchStatus {
  /** One line: provider order, native mode, usage. */
  summary: string;
  /** The stats file's content (queries, cached hits, estimated cost per provider). */
  stats: Record<string, unknown>;
}

/** What `createHttpApp()` is given: the ports and settings of the HTTP channel. */
import type { Memory } from "../../memory/mod.ts";
import type { ProtectedContext } from "../../security/mod.ts";
import type { ChatBackend } from "./backend.ts";

/** Security settings of the API (from `[server]`, resolved by app/). */
export interface HttpSecurity {
  /** The token clients send as `Authorization: Bearer …`; undefined: no token exists. */
  token?: string;
  /** Whether `/api` and `/v1` require the token (always true on a non-loopback bind). */
  authRequired: boolean;
  /** Host header values accepted (host names, without port); empty: any. */
  allowedHosts: readonly string[];
  /** Origins allowed on state-changing requests; empty: localhost on any port. */
  corsOrigins: readonly string[];
  /** Largest accepted request body in bytes. */
  maxBody: number;
  rateLimit: { enabled: boolean; perMinute: number; burst: number };
}

/** One heartbeat tick as the API shows it. */
export interface HeartbeatEventJson {
  ts: number;
  status: string;
  duration_ms: number;
  preview?: string;
  reason?: string;
  tokens?: number;
  cost?: number;
  session_id?: string;
}

/** The heartbeat service, as `/api/heartbeat/status` shows it. */
export interface HeartbeatStatus {
  /** `heartbeat.enabled`. */
  enabled: boolean;
  /** The runner really runs in this process. */
  running?: boolean;
  interval: string;
  timeout?: string;
  active_hours?: { start: string; end: string } | null;
  timezone?: string;
  model?: string;
  max_tokens_per_day?: number | null;
  /** ISO time of the next tick, or null when none is scheduled. */
  next_run?: string | null;
  last_event: (HeartbeatEventJson & { age_seconds: number }) | null;
  /** Recent ticks, newest last. */
  history?: HeartbeatEventJson[];
  /** Heartbeat spend today (in `timezone`). */
  today?: { date: string; tokens: number; cost: number };
}

/** One cron job with its state, as `GET /api/cron` lists it. */
export interface CronJobJson {
  name: string;
  schedule: string;
  prompt: string;
  enabled: boolean;
  timeout: string;
  model: string;
  running: boolean;
  next_run: string | null;
  last_run: {
    ts: number;
    status: string;
    duration_ms: number;
    preview?: string;
    reason?: string;
    session_id?: string;
  } | null;
}

/** What background work reports to connected UI clients (`GET /api/events`). */
export type BackgroundEvent =
  | {
    type: "delivery";
    source: "heartbeat" | "cron";
    name?: string;
    text: string;
    ts: number;
    session_id?: string;
  }
  | { type: "heartbeat"; event: HeartbeatEventJson }
  | { type: "cron_run"; name: string; run: CronJobJson["last_run"] };

/** Read access to the built web UI (`web/dist` and `web/index.html`). */
export interface WebAssets {
  /** The bytes of `path` (e.g. `index.html`, `app.js`), or undefined. */
  read(path: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

/** Everything the HTTP app needs. */
export interface HttpDeps {
  backend: ChatBackend;
  memory: Memory;
  /** Where the file endpoints are confined, and what they must never read or write. */
  files: ProtectedContext & { auditLog: string };
  security: HttpSecurity;
  version: string;
  /** The config with secrets redacted. */
  config(): Record<string, unknown>;
  /** Edits one config key in config.toml; throws ConfigError for a bad key or value. */
  setConfig?(key: string, value: string): Promise<void>;
  /** The last `lines` lines of the daemon log. */
  logs(lines: number): Promise<string[]>;
  heartbeat(): Promise<HeartbeatStatus>;
  /** Web search setup and usage (`search_stats.json`), shown with a session's status. */
  webSearch?(): Promise<WebSearchStatus>;
  /** The cron jobs with state; absent: no scheduler (an empty list is served). */
  cron?(): Promise<{ jobs: CronJobJson[] }>;
  /**
   * Sends background events to `listener` (for `/api/events`) until `signal` aborts or the daemon
   * stops; resolves then, unsubscribed.
   */
  subscribeBackground?(
    listener: (event: BackgroundEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Per-channel status (`telegram`, …). */
  channels(): Promise<Record<string, unknown>>;
  /** Messaging bridges and their health (`/api/bridges`); default none. */
  bridges?(): Promise<Record<string, unknown>[]>;
  /** True on first run: no sessions yet and the workspace files untouched (the UI's welcome). */
  isBrandNew(): Promise<boolean>;
  /** When the process started (ms), for uptime. */
  startedAt?: number;
  /** Exchanges a one-time login code for the token; undefined when unknown or used. */
  redeemLogin(code: string): string | undefined;
  /** Static UI files; undefined serves no UI. */
  web?: WebAssets;
  /** Clock in ms (tests). */
  now?: () => number;
  /** SSE keep-alive comment interval (default 15 s). */
  keepAliveMs?: number;
  /** Called with errors turned into 500s (for the log); never shown to clients. */
  onError?: (error: unknown) => void;
}
