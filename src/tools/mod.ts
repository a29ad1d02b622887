/**
 * @module tools
 * Owns the tools the model can call: the Tool contract, `defineTool()` (JSON-Schema argument
 * validation, output truncation with a note, sanitising and `<tool_output>` wrapping — in one
 * place), the registry, and one file per built-in tool (bash, read_file, write_file, edit_file,
 * memory_search, memory_get, memory_save, web_fetch, web_search) with web search providers
 * (web_search/: SearXNG, Brave, Tavily, Perplexity behind one SearchProvider port, a router with
 * fallback order, a TTL cache and the stats file).
 * Must not: run a shell command except through the injected Sandbox, read the environment, print,
 * or know about sessions and channels.
 * Contract: `tool.execute(args, ctx)` throws ToolInputError for bad arguments and an Error with a
 * clear message when the tool fails; file tools resolve symlinks before the protected-file and
 * workspace checks; web_fetch refuses non-HTTP(S) URLs and private/loopback/link-local addresses;
 * web_fetch and web_search output is external content (injection-filtered and wrapped).
 */
export {
  DEFAULT_MAX_OUTPUT_CHARS,
  defineTool,
  type Tool,
  type ToolContext,
  type ToolDefinition,
  type ToolOutput,
  type ToolResult,
  truncateOutput,
  truncationNote,
} from "./tool.ts";
export { type JsonSchema, validateSchema } from "./_schema.ts";
export {
  BUILTIN_TOOL_NAMES,
  builtinTools,
  type BuiltinToolsOptions,
  createToolRegistry,
  type ToolRegistry,
} from "./registry.ts";
export {
  type BashToolOptions,
  checkCommand,
  createBashTool,
  HARD_DENY,
  type ToolFilter,
} from "./bash.ts";
export { createReadFileTool, READ_DEFAULT_LINES } from "./read_file.ts";
export { createWriteFileTool } from "./write_file.ts";
export { createEditFileTool } from "./edit_file.ts";
export { type FileToolsOptions, resolveToolPath } from "./_paths.ts";
export { createMemorySearchTool, type MemoryToolsOptions } from "./memory_search.ts";
export { createMemoryGetTool } from "./memory_get.ts";
export { createMemorySaveTool, localDateTime, type MemorySaveOptions } from "./memory_save.ts";
export { checkUrl, createWebFetchTool, type WebFetchOptions } from "./web_fetch.ts";
export { decodeEntities, htmlTitle, htmlToMarkdown } from "./_html.ts";
export { isPrivateAddress, resolveHost } from "./_net.ts";
export { clampCount, createWebSearchTool, type WebSearchToolOptions } from "./web_search.ts";
export {
  type SearchAnswer,
  type SearchCall,
  type SearchDeps,
  SearchFailure,
  type SearchFailureKind,
  type SearchProvider,
  type SearchProviderName,
  type SearchResult,
  type WebSearchSettings,
} from "./web_search/types.ts";
export {
  createSearchProvider,
  missingSetting,
  SEARCH_PROVIDER_NAMES,
  searchOrder,
} from "./web_search/create.ts";
export {
  AllProvidersFailed,
  createSearchRouter,
  type RouteOptions,
  type SearchOutcome,
  type SearchRouter,
  type SearchRouterOptions,
} from "./web_search/router.ts";
export { cacheKey, createSearchCache, type SearchCache } from "./web_search/cache.ts";
export {
  addToStats,
  emptyStats,
  type ProviderStats,
  readSearchStats,
  recordSearch,
  type SearchStats,
  type StatsEvent,
  statsSummary,
} from "./web_search/stats.ts";
export { formatSearch, type SearchDisplay } from "./web_search/format.ts";
