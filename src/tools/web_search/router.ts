/** The search router: cache first, then the providers in order until one answers; stats recorded. */
import { cacheKey, createSearchCache, type SearchCache } from "./cache.ts";
import { createSearchProvider, searchOrder } from "./create.ts";
import { recordSearch } from "./stats.ts";
import {
  type SearchAnswer,
  type SearchDeps,
  SearchFailure,
  type SearchProvider,
  type SearchProviderName,
  type WebSearchSettings,
} from "./types.ts";

/** Options of `createSearchRouter()`. */
export interface SearchRouterOptions extends SearchDeps {
  settings: WebSearchSettings;
  /** `<state_dir>/search_stats.json`; unset: no stats. */
  statsFile?: string;
  /** Milliseconds clock for timing and cache expiry; default `Date.now`. */
  now?: () => number;
  /** Ready-made providers by name (tests); default: built from settings. */
  providers?: Partial<Record<SearchProviderName, SearchProvider>>;
}

/** One search as the router ran it. */
export interface SearchOutcome extends SearchAnswer {
  query: string;
  count: number;
  provider: SearchProviderName;
  cached: boolean;
  /** Time of the answering request (0 for a cache hit). */
  ms: number;
  /** Providers that failed before `provider` answered. */
  failures: SearchFailure[];
  /** Problems the user should know about (the stats file could not be written). */
  warnings: string[];
}

/** Per-search options. */
export interface RouteOptions {
  count: number;
  /** Only this provider (no fallback); default: `provider` then `fallback`. */
  provider?: SearchProviderName;
  signal?: AbortSignal;
}

/** Routes queries over the configured providers. */
export interface SearchRouter {
  /** Providers tried by default, in order. */
  readonly order: readonly SearchProviderName[];
  /** Answers from the cache or the first provider that succeeds; throws AllProvidersFailed. */
  search(query: string, options: RouteOptions): Promise<SearchOutcome>;
}

/** Every provider failed; the message lists each one's reason. */
export class AllProvidersFailed extends Error {
  override name = "AllProvidersFailed";
  constructor(readonly failures: SearchFailure[], readonly warnings: string[] = []) {
    super(
      failures.length === 1
        ? failures[0].message
        : `Cannot search: every provider failed:\n${
          failures.map((f) => `- ${f.message}`).join("\n")
        }`,
    );
  }

  /** A plain object for JSON output. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, failures: this.failures };
  }
}

/** Creates the router; throws TypeError for an unknown provider name. */
export function createSearchRouter(options: SearchRouterOptions): SearchRouter {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const cache: SearchCache | undefined = settings.cache_enabled
    ? createSearchCache(settings.cache_ttl * 1000, now)
    : undefined;
  const built = new Map<SearchProviderName, SearchProvider>();
  const provider = (name: SearchProviderName) => {
    let p = options.providers?.[name] ?? built.get(name);
    if (!p) built.set(name, p = createSearchProvider(name, settings, options));
    return p;
  };
  const order = searchOrder(settings);
  const record = async (event: Parameters<typeof recordSearch>[1], warnings: string[]) => {
    if (!options.statsFile) return;
    try {
      await recordSearch(options.statsFile, event);
    } catch (error) {
      warnings.push(
        `Cannot update search stats "${options.statsFile}": ${(error as Error).message}`,
      );
    }
  };
  return {
    order,
    async search(rawQuery, route) {
      const query = rawQuery.trim();
      if (!query) throw new RangeError("Cannot search: the query is empty");
      const names = route.provider ? [route.provider] : order;
      if (!names.length) throw new RangeError("Cannot search: no web search provider is set");
      const base = { query, count: route.count, warnings: [] as string[] };
      for (const name of names) {
        const hit = cache?.get(cacheKey(name, query, route.count));
        if (!hit) continue;
        await record(
          { provider: name, cached: true, cost: 0, failed: [], at: new Date(now()) },
          base.warnings,
        );
        return { ...base, ...hit, provider: name, cached: true, ms: 0, failures: [] };
      }
      const failures: SearchFailure[] = [];
      for (const name of names) {
        const p = provider(name);
        const started = now();
        try {
          const answer = await p.search(query, { count: route.count, signal: route.signal });
          const ms = Math.max(0, Math.round(now() - started));
          cache?.set(cacheKey(name, query, route.count), answer);
          await record({
            provider: name,
            cached: false,
            cost: p.costPerQuery,
            failed: failures.map((f) => f.provider),
            at: new Date(now()),
          }, base.warnings);
          return { ...base, ...answer, provider: name, cached: false, ms, failures };
        } catch (error) {
          if (route.signal?.aborted) throw error;
          failures.push(
            error instanceof SearchFailure
              ? error
              : new SearchFailure(name, "network", (error as Error).message ?? String(error), 0, {
                cause: error,
              }),
          );
        }
      }
      await record(
        { cached: false, cost: 0, failed: failures.map((f) => f.provider), at: new Date(now()) },
        base.warnings,
      );
      throw new AllProvidersFailed(failures, base.warnings);
    },
  };
}
