/** The text the model (and `search test`) sees for a search: summary, header, meta line, hits. */
import type { SearchOutcome } from "./router.ts";

/** Renders an outcome as markdown (reference §10 output). */
export function formatSearch(outcome: SearchOutcome): string {
  const out: string[] = [];
  if (outcome.summary) out.push(`**AI Summary:** ${outcome.summary.trim()}`, "");
  out.push(`**Search results for:** ${outcome.query}`);
  const meta = [
    `Provider: ${outcome.provider}`,
    `${outcome.results.length} result${outcome.results.length === 1 ? "" : "s"}`,
    `${outcome.ms} ms`,
    ...(outcome.cached ? ["cached"] : []),
  ];
  out.push(`_${meta.join(" | ")}_`);
  if (outcome.failures.length) {
    out.push(
      `_Answered by ${outcome.provider} after: ${
        outcome.failures.map((f) => f.message).join("; ")
      }_`,
    );
  }
  out.push("");
  if (!outcome.results.length) out.push("No results.");
  outcome.results.forEach((r, i) => {
    out.push(`${i + 1}. **${oneLine(r.title) || r.url}**`, `   ${r.url}`);
    if (r.snippet) out.push(`   ${oneLine(r.snippet)}`);
  });
  return out.join("\n").trimEnd();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
