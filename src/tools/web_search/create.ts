/** Builds providers from `[tools.web_search]` and says which keys a provider is missing. */
import { createBraveProvider } from "./brave.ts";
import { createPerplexityProvider } from "./perplexity.ts";
import { createSearxngProvider } from "./searxng.ts";
import { createTavilyProvider } from "./tavily.ts";
import {
  type SearchDeps,
  SearchFailure,
  type SearchProvider,
  type SearchProviderName,
  type WebSearchSettings,
} from "./types.ts";

const FACTORIES: Record<
  SearchProviderName,
  (settings: WebSearchSettings, deps: SearchDeps) => SearchProvider
> = {
  searxng: createSearxngProvider,
  brave: createBraveProvider,
  tavily: createTavilyProvider,
  perplexity: createPerplexityProvider,
};

/** Every client-side provider name. */
export const SEARCH_PROVIDER_NAMES = Object.keys(FACTORIES) as SearchProviderName[];

/** The providers tried, in order: `provider`, then `fallback`, without repeats or "none". */
export function searchOrder(settings: WebSearchSettings): SearchProviderName[] {
  const all = [settings.provider, ...settings.fallback] as string[];
  return [...new Set(all)].filter((n): n is SearchProviderName => n in FACTORIES);
}

/** The config key a provider needs but lacks (`tools.web_search.brave.api_key`), if any. */
export function missingSetting(
  name: SearchProviderName,
  settings: WebSearchSettings,
): string | undefined {
  const key = name === "searxng" ? "base_url" : "api_key";
  const section = settings[name] as Record<string, unknown>;
  return section[key] ? undefined : `tools.web_search.${name}.${key}`;
}

/**
 * Creates provider `name`. A provider whose key or URL is missing still exists: its `search()`
 * fails without a request, naming the key, so that the next provider can answer.
 */
export function createSearchProvider(
  name: SearchProviderName,
  settings: WebSearchSettings,
  deps: SearchDeps = {},
): SearchProvider {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new TypeError(
      `Unknown web search provider "${name}": use one of ${SEARCH_PROVIDER_NAMES.join(", ")}`,
    );
  }
  const provider = factory(settings, deps);
  const missing = missingSetting(name, settings);
  if (!missing) return provider;
  return {
    ...provider,
    search: () =>
      Promise.reject(
        new SearchFailure(name, "not_configured", `${missing} is not set`),
      ),
  };
}
