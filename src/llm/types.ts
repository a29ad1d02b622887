/** The Provider port and its options. */
import type { Context, StreamEvent } from "../core/mod.ts";

/** The `fetch` a provider uses; injected so tests and proxies can replace it. */
export type Fetch = typeof globalThis.fetch;

/** API families: each has one adapter in providers/. */
export type ApiFamily =
  | "anthropic"
  | "openai"
  | "ollama"
  | "gemini"
  | "vertex"
  | "claude_cli"
  | "gemini_cli"
  | "codex_cli"
  | "local";

/** Per-call options; every field is optional. */
export interface StreamOptions {
  /** Aborting stops the stream and the HTTP request (or kills the CLI). */
  signal?: AbortSignal;
  /** Max output tokens; default 4096. */
  maxTokens?: number;
  /** The context window the caller budgets for; Ollama loads the model with it (`num_ctx`). */
  contextWindow?: number;
  temperature?: number;
  /** Ask for visible reasoning with this token budget (Anthropic, Gemini). */
  thinkingBudget?: number;
  /** CLI providers: resume this CLI session (from a previous `done.sessionId`). */
  sessionId?: string;
  /** CLI providers: working directory (the workspace). */
  cwd?: string;
}

/** A model provider. `stream()` never throws: failures end the stream with an `error` event. */
export interface Provider {
  /** Instance name as used in model ids (`anthropic`, `lmstudio`, …). */
  readonly name: string;
  readonly api: ApiFamily;
  /** Streams one model reply for `context`. Yields `start` first and ends with `done` or `error`. */
  stream(model: string, context: Context, options?: StreamOptions): AsyncIterable<StreamEvent>;
  /** Models the provider reports (remote listing or CLI defaults); throws ProviderError. */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** A function that streams a reply for a context: what the agent loop takes. */
export type StreamFn = (context: Context, options?: StreamOptions) => AsyncIterable<StreamEvent>;
