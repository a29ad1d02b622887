/** `memory_search`: OpenClaw's recall tool over MEMORY.md, memory/*.md and (opt-in) transcripts. */
import type { Memory } from "../memory/mod.ts";
import { errorMessage } from "../core/mod.ts";
import { defineTool, type Tool } from "./tool.ts";

/** Options of `createMemorySearchTool()`. */
export interface MemoryToolsOptions {
  memory: Memory;
  /** Bring the index up to date before searching (keyword part only; default true). */
  syncBeforeSearch?: boolean;
}

/** Creates the `memory_search` tool (OpenClaw result JSON). */
export function createMemorySearchTool(options: MemoryToolsOptions): Tool {
  const { memory } = options;
  const sessions = memory.options.sessions !== undefined;
  type Source = "memory" | "sessions" | "all";
  return defineTool<
    { query: string; maxResults?: number; limit?: number; minScore?: number; source?: Source }
  >({
    name: "memory_search",
    description: "Mandatory recall step: search MEMORY.md and memory/*.md" +
      (sessions ? " and past conversations (session transcripts)" : "") +
      " before answering about prior work, decisions, dates, people, preferences or todos. " +
      "Returns top snippets with path and lines" +
      (sessions ? " and source (memory or sessions)" : "") +
      "; disabled=true means retrieval is unavailable: tell the user.",
    parameters: {
      type: "object",
      properties: {
        query: { type: "string", description: "what to look for" },
        maxResults: { type: "integer", minimum: 1, maximum: 100, description: "default 5" },
        limit: { type: "integer", minimum: 1, maximum: 100, description: "alias of maxResults" },
        minScore: { type: "number", minimum: 0, maximum: 1, description: "lowest score kept" },
        ...(sessions
          ? {
            source: {
              type: "string",
              enum: ["memory", "sessions", "all"],
              description: "memory files, past conversations, or both (default all)",
            },
          }
          : {}),
      },
      required: ["query"],
      additionalProperties: false,
    },
    detail: (a) => a.query,
    async run({ query, maxResults, limit, minScore, source }) {
      try {
        if (options.syncBeforeSearch !== false) await memory.sync({ embed: false });
        const found = await memory.search(query, {
          limit: maxResults ?? limit ?? 5,
          minScore,
          source: sessions ? source ?? "all" : "memory",
        });
        const [provider, ...model] = (found.model ?? "").split(":");
        return JSON.stringify(
          {
            results: found.results.map((r) => ({
              path: r.path,
              startLine: r.start_line,
              endLine: r.end_line,
              score: Math.round(r.score * 1000) / 1000,
              snippet: `${r.snippet}\n\nSource: ${r.citation}`,
              source: r.source,
              citation: r.citation,
            })),
            provider: found.mode === "keyword" ? "none" : provider,
            model: found.mode === "keyword" ? undefined : model.join(":") || undefined,
            mode: found.mode === "keyword" ? "fts-only" : found.mode,
            ...(found.reason ? { warning: found.reason } : {}),
          },
          null,
          2,
        );
      } catch (error) {
        return JSON.stringify({
          results: [],
          disabled: true,
          unavailable: true,
          error: errorMessage(error),
          warning: "Memory search is unavailable",
          action: "Run `localgpt memory reindex` or `localgpt doctor`",
        });
      }
    },
  });
}
