/** `write_file`: writes a whole file, creating parent folders. */
import { dirname } from "node:path";
import { defineTool, type Tool } from "./tool.ts";
import { type FileToolsOptions, resolveToolPath } from "./_paths.ts";

/** Creates the `write_file` tool. */
export function createWriteFileTool(options: FileToolsOptions): Tool {
  return defineTool<{ path: string; content: string }>({
    name: "write_file",
    description: "Write a file (replacing it if it exists); parent folders are created.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "file path, relative to the workspace or absolute" },
        content: { type: "string", description: "the complete new content" },
      },
      required: ["path", "content"],
      additionalProperties: false,
    },
    detail: (a) => a.path,
    async run({ path, content }) {
      const real = await resolveToolPath(path, options, "write", "write_file");
      await Deno.mkdir(dirname(real), { recursive: true });
      await Deno.writeTextFile(real, content);
      return `Successfully wrote ${new TextEncoder().encode(content).length} bytes to ${path}`;
    },
  });
}
