/** Perplexity (sonar): `POST /chat/completions`; the answer plus `search_results` or `citations`. */
import { expectObject, requestJson, str } from "./_http.ts";
import { withSlash } from "./searxng.ts";
import type { SearchDeps, SearchProvider, SearchResult, WebSearchSettings } from "./types.ts";

/** Creates the Perplexity provider. */
export function createPerplexityProvider(
  settings: WebSearchSettings,
  deps: SearchDeps = {},
): SearchProvider {
  const s = settings.perplexity;
  return {
    name: "perplexity",
    costPerQuery: 0.003,
    async search(query, call) {
      const body = expectObject(
        "perplexity",
        await requestJson({
          provider: "perplexity",
          url: new URL("chat/completions", withSlash(s.base_url)),
          method: "POST",
          headers: { authorization: `Bearer ${s.api_key ?? ""}` },
          body: {
            model: s.model,
            messages: [
              { role: "system", content: "Be precise and concise. Cite your sources." },
              { role: "user", content: query },
            ],
          },
          timeoutMs: settings.timeout_ms,
          signal: call.signal,
        }, deps),
        "answer",
      );
      const choices = body.choices as { message?: { content?: unknown } }[] | undefined;
      if (!Array.isArray(choices) || !choices.length) {
        expectObject("perplexity", undefined, '"choices" list');
      }
      const summary = str(choices![0]?.message?.content);
      return { results: sources(body).slice(0, call.count), ...(summary ? { summary } : {}) };
    },
  };
}

function sources(body: Record<string, unknown>): SearchResult[] {
  if (Array.isArray(body.search_results) && body.search_results.length) {
    return (body.search_results as Record<string, unknown>[])
      .map((r) => ({
        title: str(r?.title) || str(r?.url),
        url: str(r?.url),
        snippet: str(r?.snippet) || str(r?.date),
      }))
      .filter((r) => r.url);
  }
  const citations = Array.isArray(body.citations) ? body.citations : [];
  return citations.filter((c): c is string => typeof c === "string" && !!c)
    .map((url) => ({ title: url, url, snippet: "" }));
}
