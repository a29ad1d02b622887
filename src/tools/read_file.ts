/** `read_file`: lines of a text file with line numbers, by offset and limit. */
import { defineTool, type Tool } from "./tool.ts";
import { type FileToolsOptions, resolveToolPath } from "./_paths.ts";

/** Lines returned when no `limit` is given. */
export const READ_DEFAULT_LINES = 2000;

/** Creates the `read_file` tool. */
export function createReadFileTool(options: FileToolsOptions): Tool {
  return defineTool<{ path: string; offset?: number; limit?: number }>({
    name: "read_file",
    description: "Read a text file. Lines are numbered; use offset (0-based line) and limit to " +
      "read a large file in parts.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "file path, relative to the workspace or absolute" },
        offset: { type: "integer", minimum: 0, description: "first line to read (0-based)" },
        limit: { type: "integer", minimum: 1, description: "number of lines to read" },
      },
      required: ["path"],
      additionalProperties: false,
    },
    detail: (a) => a.path,
    async run({ path, offset = 0, limit = READ_DEFAULT_LINES }) {
      const real = await resolveToolPath(path, options, "read", "read_file");
      const info = await Deno.stat(real).catch(() => {
        throw new Error(`Cannot read "${path}": no such file`);
      });
      if (!info.isFile) throw new Error(`Cannot read "${path}": not a regular file`);
      const lines = (await Deno.readTextFile(real)).replace(/\r\n?/g, "\n").split("\n");
      if (lines.at(-1) === "") lines.pop();
      const slice = lines.slice(offset, offset + limit);
      const body = slice.map((line, i) => `${String(offset + i + 1).padStart(4)}\t${line}`)
        .join("\n");
      const end = offset + slice.length;
      const more = end < lines.length
        ? `\n[lines ${offset + 1}-${end} of ${lines.length}; read more with offset=${end}]`
        : "";
      return (body || `[empty: ${lines.length} lines, offset ${offset}]`) + more;
    },
  });
}
