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

/** The last heartbeat run, as `/api/heartbeat/status` shows it. */
export interface HeartbeatStatus {
  enabled: boolean;
  interval: string;
  last_event: {
    ts: number;
    status: string;
    duration_ms: number;
    preview?: string;
    reason?: string;
    age_seconds: number;
  } | null;
}

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
