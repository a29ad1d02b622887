/**
 * YAML and JSON5 for skill frontmatter, through the npm `yaml` (YAML 1.2 core schema) and `json5`
 * packages, with a small pre-pass for what real SKILL.md files get wrong: an unquoted value that
 * contains `: ` ("Use when: …") is quoted before parsing, as OpenClaw's line parser would keep it.
 */
import JSON5 from "json5";
import { parse, YAMLParseError } from "yaml";

/** A frontmatter syntax error with its 1-based line (relative to the YAML text). */
export class YamlSyntaxError extends SyntaxError {
  override name = "YamlSyntaxError";
  constructor(message: string, readonly line: number, options?: ErrorOptions) {
    super(`line ${line}: ${message}`, options);
  }
}

/** A JSON5 syntax error with its 1-based line and column. */
export class Json5SyntaxError extends SyntaxError {
  override name = "Json5SyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    options?: ErrorOptions,
  ) {
    super(`${message} at line ${line} column ${column}`, options);
  }
}

/**
 * Parses a YAML document (after `tolerateYaml()`); an empty document is `null`. Duplicate keys
 * keep the last value. Throws `YamlSyntaxError` naming the line.
 */
export function parseYaml(source: string): unknown {
  const text = tolerateYaml(source);
  try {
    return parse(text, { uniqueKeys: false, prettyErrors: false }) ?? null;
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0].line ?? lineOf(text, error.pos[0]);
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new YamlSyntaxError(message, line, { cause: error });
  }
}

/** Parses one JSON5 value; throws `Json5SyntaxError` on malformed input or trailing text. */
export function parseJson5(text: string): unknown {
  try {
    return JSON5.parse(text);
  } catch (error) {
    const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
    if (!(error instanceof SyntaxError) || lineNumber === undefined) throw error;
    const message = error.message.replace(/^JSON5: /, "").replace(/ at \d+:\d+$/, "");
    throw new Json5SyntaxError(message, lineNumber, columnNumber ?? 0, { cause: error });
  }
}

// `key: value` (also `- key: value`), the key plain or quoted; the value is examined further.
const ENTRY_RE = /^(\s*(?:-\s+)*)((?:[^\s#'"{[\]},&*!|>%@`-][^:#]*?)|"[^"]*"|'[^']*'):[ \t]+(.*)$/;
const NOT_PLAIN_START = /^["'{[|>&*!#%@`]/;

/**
 * The tolerance pre-pass: a plain (unquoted) value that contains `: ` on its first line or on a
 * continuation line is rewritten as a single-quoted scalar, so YAML reads it as the text it
 * plainly is instead of failing on a nested mapping. Everything else is left as written.
 */
export function tolerateYaml(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)(\S.*?):[ \t]*$/.exec(lines[i]) ?? ENTRY_RE.exec(lines[i]);
    const value = match?.[3]?.trim() ?? "";
    if (match && opensVerbatim(value, lines.slice(i + 1).find((l) => l.trim() !== ""))) {
      // A block scalar or flow collection: copied as written, up to the next sibling key.
      const end = endOfChildren(lines, i, match[1].length);
      out.push(...lines.slice(i, end + 1));
      i = end;
      continue;
    }
    if (!match || value === "" || NOT_PLAIN_START.test(value) || value.startsWith("- ")) {
      out.push(lines[i]);
      continue;
    }
    const indent = match[1].length;
    const parts = plainParts([value, ...lines.slice(i + 1, endOfChildren(lines, i, indent) + 1)]);
    const text = parts.join("\n");
    if (!/:(?:\s|$)/.test(text)) {
      out.push(lines[i]);
      continue;
    }
    const end = i + parts.length - 1;
    const quoted = `'${text.replace(/'/g, "''")}'`.split("\n");
    out.push(`${match[1]}${match[2]}: ${quoted[0]}`);
    // Continuation lines stay on their own lines (indented) so line numbers are unchanged.
    for (const part of quoted.slice(1)) out.push(`${" ".repeat(indent + 2)}${part}`);
    i = end;
  }
  return out.join("\n");
}

/** True when a value (or, for an empty one, the next line) starts a block scalar or a flow. */
function opensVerbatim(value: string, next: string | undefined): boolean {
  if (value !== "") return /^[|>{[]/.test(value);
  return next !== undefined && /^[{[]/.test(next.trimStart());
}

/** Index of the last line after `start` that is blank or indented deeper than `indent`. */
function endOfChildren(lines: string[], start: number, indent: number): number {
  let end = start;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j];
    if (line.trim() === "") continue;
    if (line.length - line.trimStart().length <= indent) break;
    end = j;
  }
  return end;
}

/** The lines of a plain scalar, trimmed, up to the first ` # comment` (YAML's comment rule). */
function plainParts(lines: string[]): string[] {
  const parts: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const comment = line.startsWith("#") ? 0 : /\s#/.exec(line)?.index;
    if (comment === 0) break;
    parts.push(comment === undefined ? line : line.slice(0, comment).trimEnd());
    if (comment !== undefined) break;
  }
  while (parts.length > 1 && parts.at(-1) === "") parts.pop();
  return parts;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}
