/** Brave Search: `GET /res/v1/web/search` with the `X-Subscription-Token` header. */
import { decodeEntities } from "../_html.ts";
import { expectObject, requestJson, str } from "./_http.ts";
import { withSlash } from "./searxng.ts";
import type { SearchDeps, SearchProvider, WebSearchSettings } from "./types.ts";

/** Creates the Brave provider. */
export function createBraveProvider(
  settings: WebSearchSettings,
  deps: SearchDeps = {},
): SearchProvider {
  const s = settings.brave;
  return {
    name: "brave",
    costPerQuery: 0.005,
    async search(query, call) {
      const url = new URL("res/v1/web/search", withSlash(s.base_url));
      url.searchParams.set("q", query);
      url.searchParams.set("count", String(call.count));
      if (s.country) url.searchParams.set("country", s.country);
      if (s.freshness) url.searchParams.set("freshness", s.freshness);
      const body = expectObject(
        "brave",
        await requestJson({
          provider: "brave",
          url,
          headers: { "x-subscription-token": s.api_key ?? "" },
          timeoutMs: settings.timeout_ms,
          signal: call.signal,
        }, deps),
        "results",
      );
      const web = body.web as Record<string, unknown> | undefined;
      const raw = Array.isArray(web?.results) ? web.results as Record<string, unknown>[] : [];
      // A query with no web hits is `{"type":"search"}` without `web`; anything else is not Brave.
      if ((web === undefined && body.type !== "search") || (web && !Array.isArray(web.results))) {
        expectObject("brave", undefined, '"web.results" list');
      }
      const results = raw
        .map((r) => ({
          title: plain(str(r?.title)),
          url: str(r?.url),
          snippet: plain(str(r?.description)),
        }))
        .filter((r) => r.url);
      return { results: results.slice(0, call.count) };
    },
  };
}

/** Brave marks matches with `<strong>`; the model gets plain text. */
function plain(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""));
}
