// web_search output as a list of clickable links (the tool's markdown: `1. **Title**`, URL, snippet).
import { h } from "./dom.js";

/** The numbered hits of a web_search output: [{ title, url, snippet }]; only http(s) URLs. */
export function parseSearchResults(text) {
  const lines = String(text ?? "").split("\n");
  const hits = [];
  for (let i = 0; i < lines.length; i++) {
    const title = /^\d+\. \*\*(.*)\*\*$/.exec(lines[i])?.[1];
    const url = /^\s+(https?:\/\/\S+)$/.exec(lines[i + 1] ?? "")?.[1];
    if (title === undefined || !url) continue;
    const next = lines[i + 2] ?? "";
    const snippet = /^\s{3}\S/.test(next) && !/^\d+\. \*\*/.test(next) ? next.trim() : "";
    hits.push({ title: title || url, url, snippet });
  }
  return hits;
}

/** The header lines (summary, provider line) and an ordered list of links, or null without hits. */
export function renderSearchResults(text) {
  return renderSearchHits(parseSearchResults(text), text);
}

/** A saved native search ({ query, results: [{ title, url }] }) as a web_search tool's links. */
export function renderNativeSearch(search) {
  const hits = (search.results ?? []).filter((r) => /^https?:\/\//.test(r.url ?? ""))
    .map((r) => ({ title: r.title || r.url, url: r.url, snippet: r.pageAge ?? "" }));
  return renderSearchHits(hits, "");
}

function renderSearchHits(hits, text) {
  if (!hits.length) return null;
  const meta = String(text).split("\n").filter((l) =>
    /^\*\*AI Summary:\*\*|^_Provider:|^_Answered by/.test(l)
  ).map((l) =>
    h(
      "div",
      { class: "muted" },
      l.replace(/^\*\*AI Summary:\*\*\s*/, "Summary: ").replace(/^_|_$/g, ""),
    )
  );
  const list = h(
    "ol",
    { class: "search-results" },
    hits.map((r) =>
      h(
        "li",
        {},
        h("a", { href: r.url, target: "_blank", rel: "noopener noreferrer" }, r.title),
        h("div", { class: "muted search-url" }, r.url),
        r.snippet ? h("div", { class: "search-snippet" }, r.snippet) : null,
      )
    ),
  );
  return h("div", { class: "search-block" }, meta, list);
}

/** Sources cited by a reply, as links. */
export function renderCitations(citations) {
  const safe = (citations ?? []).filter((c) => /^https?:\/\//.test(c.url ?? ""));
  if (!safe.length) return null;
  return h(
    "div",
    { class: "citations" },
    h("div", { class: "muted" }, "Sources"),
    h(
      "ol",
      {},
      safe.map((c) =>
        h(
          "li",
          {},
          h("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, c.title || c.url),
        )
      ),
    ),
  );
}
