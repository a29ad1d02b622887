/** `memory_get`: lines of a memory file (OpenClaw contract: `{path, from?, lines?}` → `{text, path}`). */
import { errorMessage } from "../core/mod.ts";
import { defineTool, type Tool } from "./tool.ts";
import type { MemoryToolsOptions } from "./memory_search.ts";

/** Creates the `memory_get` tool. */
export function createMemoryGetTool(options: MemoryToolsOptions): Tool {
  return defineTool<{ path: string; from?: number; lines?: number }>({
    name: "memory_get",
    description: "Read lines of MEMORY.md or memory/*.md (after memory_search). Without from and " +
      "lines the whole file is returned.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "workspace-relative path ending in .md" },
        from: { type: "integer", minimum: 1, description: "first line (1-based)" },
        lines: { type: "integer", minimum: 1, maximum: 10000, description: "number of lines" },
      },
      required: ["path"],
      additionalProperties: false,
    },
    detail: (a) => a.path,
    async run({ path, from, lines }) {
      if (!path.toLowerCase().endsWith(".md")) throw new Error("path required");
      const range = from === undefined && lines === undefined
        ? {}
        : { from: from ?? 1, to: (from ?? 1) + (lines ?? 50) - 1 };
      try {
        const note = await options.memory.read(path, range);
        return JSON.stringify({ text: note.text, path: note.path });
      } catch (error) {
        const message = errorMessage(error);
        if (/no such file/.test(message)) return JSON.stringify({ text: "", path });
        return JSON.stringify({ path, text: "", disabled: true, error: message });
      }
    },
  });
}
