/** Markdown frontmatter (`---` YAML block at the top of a file), parsed the way OpenClaw does. */
import { parseYaml } from "./frontmatter_yaml.ts";

/** A parsed file: the frontmatter keys, the body after the block and any parse warnings. */
export interface Frontmatter {
  data: Record<string, unknown>;
  body: string;
  /** Problems that did not stop parsing (e.g. YAML errors recovered by the line parser). */
  warnings: string[];
}

/** Splits `---` frontmatter from a markdown text; `undefined` when the text has none. */
export function splitFrontmatter(
  text: string,
): { yaml: string; body: string } | { error: string } | undefined {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!/^---[ \t]*\n/.test(normalised)) return undefined;
  const start = normalised.indexOf("\n") + 1;
  const end = /^(?:---|\.\.\.)[ \t]*$/m.exec(normalised.slice(start));
  if (!end) return { error: 'the frontmatter has no closing "---" line' };
  const yaml = normalised.slice(start, start + end.index);
  const body = normalised.slice(start + end.index + end[0].length).replace(/^\n/, "");
  return { yaml, body };
}

/**
 * Parses the frontmatter of a markdown text. Throws `SyntaxError` when there is no frontmatter
 * or it is unclosed; a YAML error falls back to OpenClaw's line parser and becomes a warning.
 */
export function parseFrontmatter(text: string): Frontmatter {
  const split = splitFrontmatter(text);
  if (split === undefined) {
    throw new SyntaxError('no frontmatter: the file must start with a "---" line');
  }
  if ("error" in split) throw new SyntaxError(split.error);
  try {
    const value = parseYaml(split.yaml);
    if (value === null) return { data: {}, body: split.body, warnings: [] };
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new SyntaxError("the frontmatter is not a mapping of keys to values");
    }
    return { data: value as Record<string, unknown>, body: split.body, warnings: [] };
  } catch (error) {
    const data = parseFrontmatterLines(split.yaml);
    if (Object.keys(data).length === 0) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    return {
      data,
      body: split.body,
      warnings: [`frontmatter is not valid YAML (${detail}); read it line by line`],
    };
  }
}

/**
 * OpenClaw's fallback line parser: `key: value` per line, an empty value followed by indented
 * lines takes those lines raw, surrounding quotes are stripped. Values are strings.
 */
export function parseFrontmatterLines(yaml: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lines = yaml.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+):\s*(.*)$/.exec(lines[i]);
    if (!match) continue;
    const [, key, inline] = match;
    if (inline.trim() === "") {
      const block: string[] = [];
      while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]) || lines[i + 1].trim() === "")) {
        block.push(lines[++i]);
      }
      const raw = dedent(block).trim();
      if (raw !== "") out[key] = raw;
      continue;
    }
    out[key] = stripQuotes(inline.trim());
  }
  return out;
}

function stripQuotes(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, l.length))).join("\n");
}
