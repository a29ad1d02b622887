/** `edit_file`: exact-match replace, with a helpful error when the text is missing or not unique. */
import { defineTool, type Tool } from "./tool.ts";
import { type FileToolsOptions, resolveToolPath } from "./_paths.ts";

/** Creates the `edit_file` tool. */
export function createEditFileTool(options: FileToolsOptions): Tool {
  return defineTool<
    { path: string; old_string: string; new_string: string; replace_all?: boolean }
  >({
    name: "edit_file",
    description: "Replace an exact string in a file. old_string must match exactly once unless " +
      "replace_all is true; include surrounding lines to make it unique.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "file path, relative to the workspace or absolute" },
        old_string: { type: "string", minLength: 1, description: "exact text to replace" },
        new_string: { type: "string", description: "replacement text" },
        replace_all: { type: "boolean", description: "replace every occurrence" },
      },
      required: ["path", "old_string", "new_string"],
      additionalProperties: false,
    },
    detail: (a) => a.path,
    async run({ path, old_string, new_string, replace_all }) {
      const real = await resolveToolPath(path, options, "write", "edit_file");
      const text = await Deno.readTextFile(real).catch(() => {
        throw new Error(`Cannot edit "${path}": no such file`);
      });
      const count = text.split(old_string).length - 1;
      if (count === 0) {
        throw new Error(
          `Cannot edit "${path}": old_string was not found${nearMiss(text, old_string)}; ` +
            "read the file and copy the text exactly (whitespace included)",
        );
      }
      if (count > 1 && !replace_all) {
        throw new Error(
          `Cannot edit "${path}": old_string occurs ${count} times (lines ${
            lineNumbers(text, old_string).join(", ")
          }); add surrounding lines to make it unique or set replace_all`,
        );
      }
      const next = replace_all
        ? text.split(old_string).join(new_string)
        : text.replace(old_string, () => new_string);
      await Deno.writeTextFile(real, next);
      return `Replaced ${replace_all ? count : 1} occurrence(s) in ${path}`;
    },
  });
}

function lineNumbers(text: string, needle: string): number[] {
  const out: number[] = [];
  let at = text.indexOf(needle);
  while (at >= 0) {
    out.push(text.slice(0, at).split("\n").length);
    at = text.indexOf(needle, at + needle.length);
  }
  return out;
}

function nearMiss(text: string, needle: string): string {
  const first = needle.split("\n").find((l) => l.trim())?.trim();
  if (!first) return "";
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.includes(first));
  return i >= 0 ? ` (its first line appears at line ${i + 1}, but the whole text differs)` : "";
}
