/** SearXNG (self-hosted, free): `GET {base_url}/search?q=…&format=json&pageno=1`. */
import { expectObject, hitList, requestJson } from "./_http.ts";
import type { SearchDeps, SearchProvider, WebSearchSettings } from "./types.ts";

/** Creates the SearXNG provider; `base_url` must be set (checked by `createSearchProvider()`). */
export function createSearxngProvider(
  settings: WebSearchSettings,
  deps: SearchDeps = {},
): SearchProvider {
  const s = settings.searxng;
  return {
    name: "searxng",
    costPerQuery: 0,
    async search(query, call) {
      const url = new URL("search", withSlash(s.base_url ?? ""));
      url.searchParams.set("q", query);
      url.searchParams.set("format", "json");
      url.searchParams.set("pageno", "1");
      if (s.categories) url.searchParams.set("categories", s.categories);
      if (s.language) url.searchParams.set("language", s.language);
      if (s.time_range) url.searchParams.set("time_range", s.time_range);
      const body = expectObject(
        "searxng",
        await requestJson({
          provider: "searxng",
          url,
          timeoutMs: settings.timeout_ms,
          signal: call.signal,
        }, deps),
        "results",
      );
      return { results: hitList("searxng", body, "results", "content").slice(0, call.count) };
    },
  };
}

/** `base` with a trailing slash, so that relative paths append to it. */
export function withSlash(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}
