/** Finds the line of each key in TOML text, so config errors can say where a problem is. */

/** Maps dotted key paths (`cron.jobs[1].name`) to 1-based line numbers. */
export type KeyLines = Map<string, number>;

/** Splits a dotted TOML key (`a."b.c".d`) into its parts. */
export function splitKey(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of text.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ".") {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** Reads the TOML text line by line and records where each key is defined. */
export function locateKeys(text: string): KeyLines {
  const lines = text.split(/\r?\n/);
  const found: KeyLines = new Map();
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  let multiline: string | null = null;
  let depth = 0;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (multiline) {
      if (raw.includes(multiline)) multiline = null;
      return;
    }
    const line = stripComment(raw).trim();
    if (depth > 0) {
      depth += bracketDelta(line);
      return;
    }
    if (line === "") return;
    const arrayHeader = /^\[\[\s*(.+?)\s*\]\]$/.exec(line);
    const header = arrayHeader ? null : /^\[\s*(.+?)\s*\]$/.exec(line);
    if (arrayHeader) {
      const key = splitKey(arrayHeader[1]).join(".");
      const n = arrayCounts.get(key) ?? 0;
      arrayCounts.set(key, n + 1);
      table = [
        ...splitKey(arrayHeader[1]).slice(0, -1),
        `${splitKey(arrayHeader[1]).at(-1)}[${n}]`,
      ];
      record(found, table, lineNo);
      return;
    }
    if (header) {
      table = resolveArrayPrefix(splitKey(header[1]), arrayCounts);
      record(found, table, lineNo);
      return;
    }
    const eq = findEquals(line);
    if (eq < 0) return;
    const key = [...table, ...splitKey(line.slice(0, eq))];
    record(found, key, lineNo);
    const value = line.slice(eq + 1).trim();
    for (const q of ['"""', "'''"]) {
      if (value.startsWith(q) && !value.slice(3).includes(q)) multiline = q;
    }
    if (!multiline) depth = Math.max(0, bracketDelta(value));
  });
  return found;
}

/** The line of `key`, or of its nearest located parent. */
export function lineOf(lines: KeyLines, key: string): number | undefined {
  let k = key;
  while (k) {
    const n = lines.get(k);
    if (n !== undefined) return n;
    const cut = Math.max(k.lastIndexOf("."), k.lastIndexOf("["));
    if (cut <= 0) return undefined;
    k = k.slice(0, cut);
  }
  return undefined;
}

function record(found: KeyLines, parts: string[], line: number): void {
  const key = parts.join(".").replace(/\.\[/g, "[");
  if (!found.has(key)) found.set(key, line);
}

// `[cron.jobs.extra]` after `[[cron.jobs]]` belongs to the latest array element.
function resolveArrayPrefix(parts: string[], counts: Map<string, number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join(".");
    const n = counts.get(prefix);
    out.push(n !== undefined && i < parts.length - 1 ? `${parts[i]}[${n - 1}]` : parts[i]);
  }
  return out;
}

/**
 * Walks `line` outside quoted strings, calling `visit` per character until it returns true or a
 * `#` comment starts; returns the index where the walk stopped (the line length at the end).
 */
export function scanOutsideStrings(
  line: string,
  visit: (ch: string, i: number) => boolean | void = () => {},
): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#" || visit(ch, i) === true) return i;
  }
  return line.length;
}

function stripComment(line: string): string {
  return line.slice(0, scanOutsideStrings(line));
}

function findEquals(line: string): number {
  const at = scanOutsideStrings(line, (ch) => ch === "=");
  return line[at] === "=" ? at : -1;
}

/** Opening minus closing brackets and braces outside strings and comments. */
export function bracketDelta(text: string): number {
  let delta = 0;
  scanOutsideStrings(text, (ch) => {
    if (ch === "[" || ch === "{") delta++;
    else if (ch === "]" || ch === "}") delta--;
  });
  return delta;
}
