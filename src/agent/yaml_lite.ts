/**
 * A YAML subset parser for skill frontmatter: block mappings and sequences, plain, quoted and
 * block (`|`, `>`) scalars, flow collections (parsed as lenient JSON5), comments, core-schema
 * booleans/numbers/null. Lenient where real SKILL.md files are sloppy: an unquoted value may
 * contain `: ` (strict YAML rejects it; OpenClaw's line parser keeps the raw text).
 */
import { parseJson5 } from "./json5.ts";

/** A frontmatter syntax error with its 1-based line (relative to the YAML text). */
export class YamlSyntaxError extends SyntaxError {
  override name = "YamlSyntaxError";
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  indent: number;
  text: string;
}

/** Parses a YAML document (the subset above); an empty document is `null`. */
export function parseYamlLite(source: string): unknown {
  const lines = source.replace(/\r\n?/g, "\n").split("\n").map((raw, i) => {
    const indent = raw.length - raw.trimStart().length;
    if (/^ *\t/.test(raw) && raw.trim() !== "") {
      throw new YamlSyntaxError("tab characters must not be used for indentation", i + 1);
    }
    return { indent, text: raw.slice(indent).trimEnd() };
  });
  const reader = new Reader(lines);
  const first = reader.nextContent();
  if (first < 0) return null;
  const value = reader.block(lines[first].indent);
  const rest = reader.nextContent();
  if (rest >= 0) reader.fail("unexpected content (check the indentation)", rest);
  return value;
}

const KEY_RE =
  /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?))\s*:(?:\s+(.*))?$/;

class Reader {
  pos = 0;
  constructor(readonly lines: Line[]) {}

  fail(message: string, index = this.pos): never {
    throw new YamlSyntaxError(message, index + 1);
  }

  isBlank(index: number): boolean {
    const text = this.lines[index].text;
    return text === "" || text.startsWith("#");
  }

  /** Index of the next non-blank, non-comment line from `pos`, or -1. */
  nextContent(): number {
    for (let i = this.pos; i < this.lines.length; i++) if (!this.isBlank(i)) return i;
    return -1;
  }

  /** A block node whose first line is the next content line, at exactly `indent`. */
  block(indent: number): unknown {
    this.pos = this.nextContent();
    const line = this.lines[this.pos];
    if (line.text === "-" || line.text.startsWith("- ")) return this.sequence(indent);
    if (KEY_RE.test(line.text)) return this.mapping(indent);
    return this.value(line.text, indent - 1);
  }

  mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (true) {
      const next = this.nextContent();
      if (next < 0 || this.lines[next].indent < indent) break;
      this.pos = next;
      const line = this.lines[next];
      if (line.indent > indent) this.fail("unexpected indentation");
      const match = KEY_RE.exec(line.text);
      if (!match) this.fail(`expected "key: value", got "${line.text}"`);
      const key = match[1] !== undefined
        ? unescapeDouble(match[1], next)
        : match[2] !== undefined
        ? match[2].replace(/''/g, "'")
        : match[3].trim();
      out[key] = this.value(match[4] ?? "", indent, true);
    }
    return out;
  }

  sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (true) {
      const next = this.nextContent();
      if (next < 0 || this.lines[next].indent < indent) break;
      this.pos = next;
      const line = this.lines[next];
      if (line.indent > indent || !(line.text === "-" || line.text.startsWith("- "))) {
        this.fail(`expected "- item", got "${line.text}"`);
      }
      const rest = line.text.slice(1).trimStart();
      if (rest === "" || rest.startsWith("#")) {
        out.push(this.value("", indent, true));
        continue;
      }
      // `- key: v` and `- - x`: the item is a block node starting at the column of `rest`.
      const column = line.indent + line.text.length - rest.length;
      if (KEY_RE.test(rest) || rest === "-" || rest.startsWith("- ")) {
        this.lines[next] = { indent: column, text: rest };
        out.push(this.block(column));
      } else out.push(this.value(rest, indent));
    }
    return out;
  }

  /** The value after `key:` or `- ` on line `pos`; continuation lines are deeper than `parent`. */
  value(rest: string, parent: number, allowSameIndentSeq = false): unknown {
    const start = this.pos;
    this.pos++;
    const text = rest.trim();
    if (text === "" || text.startsWith("#")) {
      const next = this.nextContent();
      if (next < 0) return null;
      const child = this.lines[next];
      const isSeq = child.text === "-" || child.text.startsWith("- ");
      if (child.indent > parent || (allowSameIndentSeq && child.indent === parent && isSeq)) {
        return this.block(child.indent);
      }
      return null;
    }
    if (/^[|>]/.test(text)) return this.blockScalar(text, parent, start);
    if (text.startsWith('"') || text.startsWith("'")) return this.quoted(text, parent, start);
    if (text.startsWith("{") || text.startsWith("[")) return this.flow(text, parent, start);
    if (/^[&*!]/.test(text) && !/^!!str\s/.test(text)) {
      this.fail("anchors, aliases and tags are not supported", start);
    }
    return this.plain(text.replace(/^!!str\s+/, ""), parent, /^!!str\s/.test(text));
  }

  /** Lines after the current one that are deeper than `parent` (or blank), consumed. */
  continuation(parent: number): Line[] {
    const out: Line[] = [];
    let end = this.pos;
    for (let i = this.pos; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line.text !== "" && line.indent <= parent) break;
      out.push(line);
      if (line.text !== "") end = i + 1;
    }
    const kept = out.slice(0, end - this.pos);
    this.pos = end;
    return kept;
  }

  plain(first: string, parent: number, forceString: boolean): unknown {
    const parts = [stripComment(first)];
    for (const line of this.continuation(parent)) {
      if (line.text.startsWith("#")) break;
      parts.push(line.text === "" ? "\n" : stripComment(line.text));
    }
    const text = parts.reduce((acc, part) =>
      part === "\n" ? acc + "\n" : acc === "" || acc.endsWith("\n") ? acc + part : `${acc} ${part}`
    ).trim();
    return forceString ? text : resolveScalar(text);
  }

  blockScalar(header: string, parent: number, start: number): string {
    const m = /^([|>])([+-]?)([1-9]?)([+-]?)\s*(#.*)?$/.exec(header);
    if (!m) this.fail(`bad block scalar header "${header}"`, start);
    const [, style, chomp1, digit, chomp2] = m;
    const chomp = chomp1 || chomp2;
    const lines: Line[] = [];
    for (let i = this.pos; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line.text !== "" && line.indent <= parent) break;
      lines.push(line);
    }
    this.pos += lines.length;
    const indent = digit
      ? parent + Number(digit)
      : Math.min(...lines.filter((l) => l.text !== "").map((l) => l.indent));
    const body = lines.map((l) => (l.text === "" ? "" : " ".repeat(l.indent - indent) + l.text));
    while (body.length && body[body.length - 1] === "" && chomp !== "+") body.pop();
    let text = style === "|" ? body.join("\n") : foldLines(body);
    if (body.length === 0) return "";
    if (chomp !== "-") text += "\n";
    return text;
  }

  quoted(first: string, parent: number, start: number): string {
    const quote = first[0];
    let text = first;
    let end = closingQuote(text, quote);
    while (end < 0) {
      if (
        this.pos >= this.lines.length || (this.lines[this.pos].text !== "" &&
          this.lines[this.pos].indent <= parent)
      ) {
        this.fail(`unterminated ${quote === '"' ? "double" : "single"}-quoted string`, start);
      }
      text += "\n" + this.lines[this.pos++].text;
      end = closingQuote(text, quote);
    }
    const after = text.slice(end + 1).trim();
    if (after !== "" && !after.startsWith("#")) {
      this.fail(`unexpected text after the closing quote: "${after}"`, start);
    }
    const inner = foldQuoted(text.slice(1, end));
    return quote === '"' ? unescapeDouble(inner, start) : inner.replace(/''/g, "'");
  }

  flow(first: string, parent: number, start: number): unknown {
    let text = first;
    while (!flowClosed(text)) {
      if (
        this.pos >= this.lines.length || (this.lines[this.pos].text !== "" &&
          this.lines[this.pos].indent <= parent && !/^[\]}]/.test(this.lines[this.pos].text))
      ) {
        this.fail(`unclosed "${first[0]}"`, start);
      }
      text += "\n" + this.lines[this.pos++].text;
    }
    try {
      return parseJson5(text, { plainScalars: true });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.fail(`bad flow collection: ${detail}`, start);
    }
  }
}

function stripComment(text: string): string {
  const m = /\s#/.exec(text);
  return (m ? text.slice(0, m.index) : text).trim();
}

function foldLines(body: string[]): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    if (i === 0) out = line;
    else if (line === "" || line.startsWith(" ")) out += "\n" + line;
    else if (body[i - 1] === "" || body[i - 1].startsWith(" ")) out += "\n" + line;
    else out += " " + line;
  }
  // A blank line between two text lines folds to one newline, not two.
  return out.replace(/\n\n(?=\S)/g, "\n");
}

function foldQuoted(inner: string): string {
  if (!inner.includes("\n")) return inner;
  return inner.split("\n").map((
    l,
    i,
    all,
  ) => (i === 0 ? l.trimEnd() : i === all.length - 1 ? l.trimStart() : l.trim())).reduce((
    acc,
    line,
  ) => line === "" ? acc + "\n" : acc.endsWith("\n") ? acc + line : `${acc} ${line}`);
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function flowClosed(text: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || (c === "'" && /[\s,[{:]/.test(text[i - 1] ?? " "))) quote = c;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === "#" && /\s/.test(text[i - 1] ?? "")) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    }
  }
  return depth <= 0;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\x85",
  _: "\xa0",
};

function unescapeDouble(text: string, line: number): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n\s*|.)/g, (_, e) => {
    if (e.startsWith("\n")) return "";
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e in DOUBLE_ESCAPES) return DOUBLE_ESCAPES[e];
    throw new YamlSyntaxError(`unknown escape "\\${e}"`, line + 1);
  });
}

/** Core-schema resolution of a plain scalar: null, booleans, numbers, else the string. */
export function resolveScalar(text: string): unknown {
  if (/^(?:~|null|Null|NULL|)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}
