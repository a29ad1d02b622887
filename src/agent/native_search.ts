/** A provider's server-side search as the activity events a client tool call would produce. */
import type { NativeSearch } from "../core/mod.ts";
import { formatSearch } from "../tools/mod.ts";
import type { AgentEvent } from "./loop.ts";

/** `tool_start` and `tool_end` (marked `native`) for one native search, so channels show it. */
export function nativeSearchEvents(search: NativeSearch): AgentEvent[] {
  const output = formatSearch({
    query: search.query,
    provider: "native",
    results: search.results.map((r) => ({ title: r.title, url: r.url, snippet: r.pageAge ?? "" })),
    error: search.error,
  });
  return [
    {
      type: "tool_start",
      id: search.id,
      name: "web_search",
      args: { query: search.query },
      detail: search.query,
      native: true,
    },
    {
      type: "tool_end",
      id: search.id,
      name: "web_search",
      output,
      isError: !!search.error,
      warnings: [],
      durationMs: 0,
      native: true,
    },
  ];
}
