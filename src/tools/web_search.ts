/** `web_search`: searches the web through the configured providers (with fallback and cache). */
import { defineTool, type Tool } from "./tool.ts";
import { formatSearch } from "./web_search/format.ts";
import { AllProvidersFailed, type SearchRouter } from "./web_search/router.ts";

/** Options of `createWebSearchTool()`. */
export interface WebSearchToolOptions {
  router: SearchRouter;
  /** Results when the model gives no `count` (config `tools.web_search.max_results`). */
  maxResults: number;
}

/** Results a call may ask for. */
export const SEARCH_COUNT = { min: 1, max: 10 } as const;

/** Creates the `web_search` tool; results are external content (injection-filtered, wrapped). */
export function createWebSearchTool(options: WebSearchToolOptions): Tool {
  return defineTool<{ query: string; count?: number }>({
    name: "web_search",
    description: "Search the web. Returns titles, URLs and snippets (and sometimes a summary); " +
      "use web_fetch to read a page.",
    parameters: {
      type: "object",
      properties: {
        query: { type: "string", description: "what to search for", minLength: 1 },
        count: {
          type: "integer",
          description: `results wanted, ${SEARCH_COUNT.min}-${SEARCH_COUNT.max} ` +
            `(default ${options.maxResults})`,
        },
      },
      required: ["query"],
      additionalProperties: false,
    },
    detail: (a) => a.query,
    async run({ query, count }, ctx) {
      const wanted = clampCount(count ?? options.maxResults);
      try {
        const outcome = await options.router.search(query, { count: wanted, signal: ctx.signal });
        return {
          text: formatSearch(outcome),
          boundary: "external_content",
          warnings: outcome.warnings,
        };
      } catch (error) {
        if (error instanceof AllProvidersFailed) {
          throw new Error(`${error.message}\nTry again later or use web_fetch on a known URL.`);
        }
        throw error;
      }
    },
  });
}

/** `n` rounded and clamped to 1–10. */
export function clampCount(n: number): number {
  if (!Number.isFinite(n)) return 5;
  return Math.min(SEARCH_COUNT.max, Math.max(SEARCH_COUNT.min, Math.round(n)));
}
