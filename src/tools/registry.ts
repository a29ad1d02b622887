/** The tool registry: tools by name, their specs for the model, and the built-in set. */
import { TOOL_NAMES } from "../config/mod.ts";
import type { Memory } from "../memory/mod.ts";
import type { Sandbox } from "../sandbox/mod.ts";
import type { ProtectedContext } from "../security/mod.ts";
import type { Tool } from "./tool.ts";
import { createBashTool, type ToolFilter } from "./bash.ts";
import { createReadFileTool } from "./read_file.ts";
import { createWriteFileTool } from "./write_file.ts";
import { createEditFileTool } from "./edit_file.ts";
import { createMemorySearchTool } from "./memory_search.ts";
import { createMemoryGetTool } from "./memory_get.ts";
import { createMemorySaveTool } from "./memory_save.ts";
import { createWebFetchTool } from "./web_fetch.ts";
import { createWebSearchTool, type WebSearchToolOptions } from "./web_search.ts";

/** Tools by name. */
export interface ToolRegistry {
  readonly tools: readonly Tool[];
  get(name: string): Tool | undefined;
  /** What the model is told: name, description, parameters. */
  specs(): { name: string; description: string; parameters: Record<string, unknown> }[];
}

/** A registry over `tools`; throws TypeError on duplicate or non-snake_case names. */
export function createToolRegistry(tools: readonly Tool[]): ToolRegistry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (!/^[a-z][a-z0-9_]*$/.test(tool.name)) {
      throw new TypeError(`Invalid tool name "${tool.name}": use snake_case`);
    }
    if (byName.has(tool.name)) throw new TypeError(`Duplicate tool name "${tool.name}"`);
    byName.set(tool.name, tool);
  }
  return {
    tools,
    get: (name) => byName.get(name),
    specs: () =>
      tools.map((t) => ({
        name: t.name,
        description: t.description,
        parameters: t.parameters as Record<string, unknown>,
      })),
  };
}

/** Everything the built-in tools need, from the composition root. */
export interface BuiltinToolsOptions {
  workspace: string;
  allowedDirectories?: readonly string[];
  protect: ProtectedContext;
  memory: Memory;
  /** Created on first `bash` call; failure makes `bash` refuse to run. */
  sandbox: () => Promise<Sandbox>;
  bashTimeoutMs: number;
  bashFilter?: ToolFilter;
  strictPolicy?: boolean;
  webFetchMaxBytes: number;
  fetch?: typeof fetch;
  resolveHost?: (host: string) => Promise<string[]>;
  now?: () => Date;
  timeZone?: string;
  /** Only these tools, in this order (default: all); throws TypeError for an unknown name. */
  only?: readonly string[];
  /** write_file and edit_file stay inside the workspace (ignore `allowedDirectories`). */
  confineWrites?: boolean;
  /** Adds `web_search` (only when a provider is configured); `only` may name it either way. */
  webSearch?: WebSearchToolOptions;
}

/** Names of the built-in tools, in the order `builtinTools()` returns them (config owns the list). */
export const BUILTIN_TOOL_NAMES = TOOL_NAMES;

/** The built-in tools: bash, read/write/edit_file, memory_search/get/save, web_fetch, web_search. */
export function builtinTools(options: BuiltinToolsOptions): Tool[] {
  const files = {
    workspace: options.workspace,
    allowedDirectories: options.allowedDirectories,
    protect: options.protect,
  };
  const writes = options.confineWrites ? { ...files, allowedDirectories: [] } : files;
  const memory = { memory: options.memory };
  const all = [
    createBashTool({
      sandbox: options.sandbox,
      timeoutMs: options.bashTimeoutMs,
      filter: options.bashFilter,
      strict: options.strictPolicy,
    }),
    createReadFileTool(files),
    createWriteFileTool(writes),
    createEditFileTool(writes),
    createMemorySearchTool(memory),
    createMemoryGetTool(memory),
    createMemorySaveTool({
      workspace: options.workspace,
      now: options.now,
      timeZone: options.timeZone,
    }),
    createWebFetchTool({
      maxBytes: options.webFetchMaxBytes,
      fetch: options.fetch,
      resolve: options.resolveHost,
    }),
    ...(options.webSearch ? [createWebSearchTool(options.webSearch)] : []),
  ];
  if (!options.only) return all;
  // web_search exists only when configured: naming it in `only` is not an error without it.
  const wanted = options.webSearch ? options.only : options.only.filter((n) => n !== "web_search");
  return wanted.map((name) => {
    const tool = all.find((t) => t.name === name);
    if (!tool) {
      throw new TypeError(
        `Unknown tool "${name}": built-in tools are ${BUILTIN_TOOL_NAMES.join(", ")}`,
      );
    }
    return tool;
  });
}
