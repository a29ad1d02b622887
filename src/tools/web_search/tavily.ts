/** Tavily: `POST /search` with `{api_key, query, max_results, search_depth, include_answer}`. */
import { expectObject, hitList, requestJson, str } from "./_http.ts";
import { withSlash } from "./searxng.ts";
import type { SearchDeps, SearchProvider, WebSearchSettings } from "./types.ts";

/** Creates the Tavily provider. */
export function createTavilyProvider(
  settings: WebSearchSettings,
  deps: SearchDeps = {},
): SearchProvider {
  const s = settings.tavily;
  return {
    name: "tavily",
    costPerQuery: 0.005,
    async search(query, call) {
      const key = s.api_key ?? "";
      const body = expectObject(
        "tavily",
        await requestJson({
          provider: "tavily",
          url: new URL("search", withSlash(s.base_url)),
          method: "POST",
          // The key goes in the body (the original API) and as a bearer token (the current one).
          headers: { authorization: `Bearer ${key}` },
          body: {
            api_key: key,
            query,
            max_results: call.count,
            search_depth: s.search_depth,
            include_answer: s.include_answer,
          },
          timeoutMs: settings.timeout_ms,
          signal: call.signal,
        }, deps),
        "results",
      );
      const results = hitList("tavily", body, "results", "content");
      const summary = str(body.answer);
      return { results: results.slice(0, call.count), ...(summary ? { summary } : {}) };
    },
  };
}
