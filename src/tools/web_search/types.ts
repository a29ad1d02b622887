/** The web search provider port: one query in, ranked results (and maybe a summary) out. */
import type { ResolvedConfig } from "../../config/mod.ts";

/** `[tools.web_search]` as resolved from the config. */
export type WebSearchSettings = ResolvedConfig["tools"]["web_search"];

/** Names of the client-side providers. */
export type SearchProviderName = "searxng" | "brave" | "tavily" | "perplexity";

/** One hit. */
export interface SearchResult {
  title: string;
  url: string;
  /** Short text from the page; may be empty. */
  snippet: string;
}

/** What one provider answered. */
export interface SearchAnswer {
  results: SearchResult[];
  /** An AI-written answer (Tavily `answer`, Perplexity's reply). */
  summary?: string;
}

/** Per-call options. */
export interface SearchCall {
  /** Results wanted (1–10). */
  count: number;
  signal?: AbortSignal;
}

/**
 * A search backend. `search()` throws SearchFailure (HTTP status, timeout, network, malformed
 * reply) and never returns a partial answer.
 */
export interface SearchProvider {
  readonly name: SearchProviderName;
  /** Estimated USD per query, for the stats file. */
  readonly costPerQuery: number;
  search(query: string, call: SearchCall): Promise<SearchAnswer>;
}

/** What providers need besides their settings; injected for tests. */
export interface SearchDeps {
  fetch?: typeof fetch;
  /** A signal that aborts after `ms`; default `AbortSignal.timeout`. */
  timeout?: (ms: number) => AbortSignal;
}

/** Why a search failed; `kind` decides the message, every kind lets the next provider try. */
export type SearchFailureKind =
  | "not_configured"
  | "auth"
  | "rate_limit"
  | "http"
  | "timeout"
  | "network"
  | "malformed";

/** A provider's failure: `Cannot search with "brave": HTTP 401: …`. */
export class SearchFailure extends Error {
  override name = "SearchFailure";
  constructor(
    readonly provider: SearchProviderName,
    readonly kind: SearchFailureKind,
    detail: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`Cannot search with "${provider}": ${detail}`, options);
  }

  /** A plain object for JSON output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      provider: this.provider,
      kind: this.kind,
      status: this.status ?? null,
      message: this.message,
    };
  }
}
