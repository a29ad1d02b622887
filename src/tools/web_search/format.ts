/** The text the model (and `search test`) sees for a search: summary, header, meta line, hits. */
import type { SearchResult } from "./types.ts";

/** What `formatSearch()` shows: a router's outcome or a provider's native search. */
export interface SearchDisplay {
  query: string;
  /** Who searched (`brave`, `anthropic (native)`). */
  provider: string;
  results: SearchResult[];
  summary?: string;
  /** Omitted for native searches (the vendor does not report it). */
  ms?: number;
  cached?: boolean;
  /** Providers that failed before `provider` answered. */
  failures?: { message: string }[];
  /** The vendor's error code of a failed native search. */
  error?: string;
}

/** Renders a search as markdown (reference §10 output). */
export function formatSearch(outcome: SearchDisplay): string {
  const out: string[] = [];
  if (outcome.summary) out.push(`**AI Summary:** ${outcome.summary.trim()}`, "");
  out.push(`**Search results for:** ${outcome.query}`);
  const meta = [
    `Provider: ${outcome.provider}`,
    `${outcome.results.length} result${outcome.results.length === 1 ? "" : "s"}`,
    ...(outcome.ms === undefined ? [] : [`${outcome.ms} ms`]),
    ...(outcome.cached ? ["cached"] : []),
  ];
  out.push(`_${meta.join(" | ")}_`);
  const failures = outcome.failures ?? [];
  if (failures.length) {
    out.push(
      `_Answered by ${outcome.provider} after: ${failures.map((f) => f.message).join("; ")}_`,
    );
  }
  out.push("");
  if (outcome.error) out.push(`The search failed: ${outcome.error}`);
  else if (!outcome.results.length) out.push("No results.");
  outcome.results.forEach((r, i) => {
    out.push(`${i + 1}. **${oneLine(r.title) || r.url}**`, `   ${r.url}`);
    if (r.snippet) out.push(`   ${oneLine(r.snippet)}`);
  });
  return out.join("\n").trimEnd();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
