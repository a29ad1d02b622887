/** A small JSON5 parser (comments, trailing commas, unquoted keys, single quotes, hex numbers). */

/** Options for `parseJson5()`. */
export interface Json5Options {
  /**
   * Accept YAML-style plain scalars (`[a, b c]`, `{k: v}`) as strings where JSON5 wants a
   * quoted one; used for YAML flow collections. Default false.
   */
  plainScalars?: boolean;
}

/** A JSON5 syntax error with its 1-based line and column. */
export class Json5SyntaxError extends SyntaxError {
  override name = "Json5SyntaxError";
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`${message} at line ${line} column ${column}`);
  }
}

/** Parses one JSON5 value; throws `Json5SyntaxError` on malformed input or trailing text. */
export function parseJson5(text: string, options: Json5Options = {}): unknown {
  const parser = new Parser(text, options.plainScalars ?? false);
  parser.skipSpace();
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail(`unexpected "${text[parser.pos]}"`);
  return value;
}

const ESCAPES: Record<string, string> = {
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "0": "\0",
};
const IDENT_START = /[A-Za-z_$\p{L}]/u;
const IDENT_PART = /[A-Za-z0-9_$\p{L}\p{N}]/u;
const NUMBER = /^[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

class Parser {
  pos = 0;
  constructor(readonly text: string, readonly plain: boolean) {}

  fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split("\n").length;
    const column = this.pos - before.lastIndexOf("\n");
    throw new Json5SyntaxError(message, line, column);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === "/" && t[this.pos + 1] === "/") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && t[this.pos + 1] === "*") {
        const end = t.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated comment");
        this.pos = end + 2;
      } else if (this.plain && c === "#" && /\s/.test(t[this.pos - 1] ?? " ")) {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (/[\s\uFEFF]/.test(c)) {
        this.pos++;
      } else break;
    }
  }

  value(): unknown {
    const c = this.text[this.pos];
    if (c === undefined) this.fail("unexpected end of input");
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") return this.string(c);
    const match = NUMBER.exec(this.text.slice(this.pos));
    if (match && this.endsToken(this.pos + match[0].length)) {
      this.pos += match[0].length;
      return toNumber(match[0]);
    }
    for (const [word, val] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.pos) && this.endsToken(this.pos + word.length)) {
        this.pos += word.length;
        return val;
      }
    }
    if (this.plain) return this.plainScalar();
    this.fail(`unexpected "${c}"`);
  }

  endsToken(at: number): boolean {
    const next = this.text[at];
    return next === undefined || /[\s,\]}:/#]/.test(next);
  }

  plainScalar(stops = ",]}"): string {
    const start = this.pos;
    const t = this.text;
    while (this.pos < t.length && !stops.includes(t[this.pos])) {
      if (t[this.pos] === ":" && /[\s,\]}]/.test(t[this.pos + 1] ?? " ")) break;
      if (t[this.pos] === "#" && /\s/.test(t[this.pos - 1] ?? "")) break;
      this.pos++;
    }
    const raw = t.slice(start, this.pos).trim().replace(/\s*\n\s*/g, " ");
    if (!raw) this.fail(`unexpected "${t[this.pos] ?? "end of input"}"`);
    return raw;
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    while (this.text[this.pos] !== "}") {
      const key = this.key();
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.fail(`expected ":" after key "${key}"`);
      this.pos++;
      this.skipSpace();
      out[key] = this.value();
      if (!this.separator("}")) break;
    }
    this.pos++;
    return out;
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    while (this.text[this.pos] !== "]") {
      out.push(this.value());
      if (!this.separator("]")) break;
    }
    this.pos++;
    return out;
  }

  /** After a member: consumes `,` (returns true) or checks the closing bracket (returns false). */
  separator(close: string): boolean {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === ",") {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (c !== close) {
      this.fail(c === undefined ? `missing "${close}"` : `expected "," or "${close}"`);
    }
    return false;
  }

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string(c);
    if (c !== undefined && IDENT_START.test(c)) {
      const start = this.pos;
      while (this.pos < this.text.length && IDENT_PART.test(this.text[this.pos])) this.pos++;
      if (!this.plain || this.text[this.pos] === ":") return this.text.slice(start, this.pos);
      this.pos = start;
    }
    if (this.plain) return this.plainScalar(",]}:");
    this.fail(c === undefined ? "unexpected end of input" : `unexpected "${c}" in object key`);
  }

  string(quote: string): string {
    const t = this.text;
    let out = "";
    this.pos++;
    while (true) {
      const c = t[this.pos];
      if (c === undefined) this.fail("unterminated string");
      this.pos++;
      if (c === quote) return out;
      if (c === "\n" && !this.plain) this.fail("newline in string");
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      if (e === undefined) this.fail("unterminated string");
      if (e in ESCAPES) out += ESCAPES[e];
      else if (e === "x" || e === "u") {
        const len = e === "x" ? 2 : 4;
        const hex = t.slice(this.pos, this.pos + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail("bad escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += len;
      } else if (e === "\r") {
        if (t[this.pos] === "\n") this.pos++;
      } else if (e !== "\n" && e !== "\u2028" && e !== "\u2029") out += e;
    }
  }
}

function toNumber(raw: string): number {
  const sign = raw.startsWith("-") ? -1 : 1;
  const body = raw.replace(/^[+-]/, "");
  if (body === "Infinity") return sign * Infinity;
  if (body === "NaN") return NaN;
  if (/^0[xX]/.test(body)) return sign * parseInt(body, 16);
  return sign * Number(body);
}
