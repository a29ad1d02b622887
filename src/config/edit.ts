/** `config set`: changes one key in the TOML text, keeping every comment and the user's layout. */
import { ConfigError, type ConfigProblem } from "../core/mod.ts";
import { type Field, parseDuration } from "./_schema_kit.ts";
import { bracketDelta, locateKeys, scanOutsideStrings, splitKey } from "./_locate.ts";
import { findSchemaNode } from "./show.ts";
import { parseConfig } from "./load.ts";

/** Turns a command-line value into a TOML literal for the key's type. Throws `ConfigError`. */
export function tomlLiteral(key: string, input: string): string {
  const node = findSchemaNode(key);
  const fail = (message: string): never => {
    throw new ConfigError([{ key, message }], { action: "Cannot set config key" });
  };
  if (!node) return fail(`unknown key "${key}"`);
  if (node.kind !== "field") return fail(`"${key}" is a table; set one of its keys`);
  // deno-lint-ignore no-explicit-any
  const field = node as Field<any>;
  if (/^\$\{[A-Za-z_][A-Za-z0-9_]*(:-.*)?\}$/.test(input)) return quote(input);
  switch (field.value) {
    case "string":
    case "clock":
      return quote(input);
    case "duration":
      if (parseDuration(input) === undefined) fail(`"${input}" is not a duration such as "30m"`);
      return quote(input);
    case "int":
    case "float": {
      const n = Number(input);
      if (input.trim() === "" || Number.isNaN(n)) fail(`"${input}" is not a number`);
      if (field.value === "int" && !Number.isInteger(n)) fail(`"${input}" is not an integer`);
      return String(n);
    }
    case "bool":
      if (input !== "true" && input !== "false") fail(`"${input}" is not true or false`);
      return input;
    case "string[]": {
      const items = input.trim().startsWith("[")
        ? parseJson<unknown[]>(input, fail)
        : input.split(",").map((s) => s.trim()).filter(Boolean);
      if (!Array.isArray(items) || items.some((i) => typeof i !== "string")) {
        fail("expected a JSON array of strings or a comma-separated list");
      }
      return `[${items.map((i) => quote(i as string)).join(", ")}]`;
    }
    case "string_map": {
      const obj = parseJson<Record<string, unknown>>(input, fail);
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        fail('expected a JSON object such as {"X-Key": "value"}');
      }
      const body = Object.entries(obj).map(([k, v]) => `${quote(k)} = ${quote(String(v))}`);
      return `{ ${body.join(", ")} }`;
    }
  }
}

/**
 * Returns `text` with `key` set to the TOML `literal`: replaces the value in place (keeping the
 * line's comment) or adds the key to its table (creating the table at the end if needed).
 * Validates the result; throws `ConfigError` rather than produce a broken file.
 */
export function setKeyInText(
  text: string,
  key: string,
  literal: string,
  options: { file?: string; vars: Record<string, string | undefined> },
): string {
  const lines = text.split("\n");
  const located = locateKeys(text).get(key);
  const parts = splitKey(key);
  if (located !== undefined) {
    const i = located - 1;
    const span = valueSpan(lines, i);
    const m = /^(\s*[^=]+?=\s*)/.exec(lines[i]);
    if (!m || span === undefined) return fail(key, options.file, "cannot edit this line safely");
    const last = lines[i + span - 1];
    const comment = span === 1 ? trailingComment(lines[i]) : trailingComment(last);
    lines.splice(i, span, `${m[1]}${literal}${comment}`);
  } else {
    const table = parts.slice(0, -1).join(".");
    const leaf = /^[A-Za-z0-9_-]+$/.test(parts.at(-1)!) ? parts.at(-1)! : quote(parts.at(-1)!);
    const header = findHeader(lines, table);
    if (header === undefined) {
      while (lines.length && lines.at(-1)!.trim() === "") lines.pop();
      const tableName = parts.slice(0, -1).map((p) => (/^[A-Za-z0-9_-]+$/.test(p) ? p : quote(p)));
      lines.push("", `[${tableName.join(".")}]`, `${leaf} = ${literal}`, "");
    } else {
      lines.splice(endOfTable(lines, header), 0, `${leaf} = ${literal}`);
    }
  }
  const out = lines.join("\n");
  // Only problems the edit brings in refuse it: a file that is already broken (or names an unset
  // environment variable) can still be repaired one key at a time.
  const old = problemsOf(text, options);
  // Keys cannot be located reliably in a file that is not valid TOML: that must be fixed first.
  const syntax = old.filter((p) => p.message.startsWith("syntax error"));
  const before = new Set(old.map(problemId));
  const added = syntax.length
    ? syntax
    : problemsOf(out, options).filter((p) => !before.has(problemId(p)));
  if (added.length) {
    throw new ConfigError(added, {
      file: options.file,
      action: `Cannot set "${key}" (the file is unchanged)`,
    });
  }
  return out;
}

function problemsOf(
  text: string,
  options: { file?: string; vars: Record<string, string | undefined> },
): ConfigProblem[] {
  try {
    parseConfig(text, options);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

// Lines move when a key is added, so a problem is known by its key and message.
function problemId(p: ConfigProblem): string {
  return `${p.key}\u0000${p.message}`;
}

function fail(key: string, file: string | undefined, message: string): never {
  throw new ConfigError([{ key, message }], { file, action: "Cannot set config key" });
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function parseJson<T>(input: string, fail: (m: string) => never): T {
  try {
    return JSON.parse(input) as T;
  } catch {
    return fail(`"${input}" is not valid JSON`);
  }
}

/** Number of lines the value starting on line `i` occupies (multi-line arrays and strings). */
function valueSpan(lines: string[], i: number): number | undefined {
  const value = lines[i].slice(lines[i].indexOf("=") + 1);
  for (const q of ['"""', "'''"]) {
    if (value.trim().startsWith(q) && !value.trim().slice(3).includes(q)) {
      for (let j = i + 1; j < lines.length; j++) if (lines[j].includes(q)) return j - i + 1;
      return undefined;
    }
  }
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    depth += bracketDelta(j === i ? value : lines[j]);
    if (depth <= 0) return j - i + 1;
  }
  return undefined;
}

function trailingComment(line: string): string {
  const at = scanOutsideStrings(line);
  if (at === line.length) return "";
  const before = /\s*$/.exec(line.slice(0, at))![0];
  return `${before || " "}${line.slice(at)}`;
}

function findHeader(lines: string[], table: string): number | undefined {
  const want = splitKey(table).join(".");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$/.exec(lines[i]);
    if (m && splitKey(m[1]).join(".") === want) return i;
  }
  return undefined;
}

/** Index after the last key line of the table whose header is at `header`. */
function endOfTable(lines: string[], header: number): number {
  let last = header;
  for (let i = header + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.startsWith("[")) break;
    if (t !== "" && !t.startsWith("#")) last = i + (valueSpan(lines, i) ?? 1) - 1;
  }
  return last + 1;
}

/**
 * Returns `text` with a new `[[arrayKey]]` table (e.g. `cron.jobs`) appended at the end, its keys
 * given as TOML literals. Comments and layout stay; throws `ConfigError` when the result would
 * add a problem.
 */
export function appendTableItem(
  text: string,
  arrayKey: string,
  fields: [key: string, literal: string][],
  options: { file?: string; vars: Record<string, string | undefined> },
): string {
  const body = text.replace(/\s*$/, "");
  const block = [`[[${arrayKey}]]`, ...fields.map(([k, v]) => `${k} = ${v}`)].join("\n");
  const out = `${body}${body ? "\n\n" : ""}${block}\n`;
  return checked(text, out, options, `Cannot add to "${arrayKey}" (the file is unchanged)`);
}

/**
 * Returns `text` without the `index`-th (0-based) `[[arrayKey]]` table: its header line through
 * the line before the next table header. Throws `ConfigError` when it is not written as a
 * `[[…]]` table (an inline array must be edited by hand).
 */
export function removeTableItem(
  text: string,
  arrayKey: string,
  index: number,
  options: { file?: string; vars: Record<string, string | undefined> },
): string {
  const lines = text.split("\n");
  const want = splitKey(arrayKey).join(".");
  const headers: number[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?$/.exec(line);
    if (m && splitKey(m[1]).join(".") === want) headers.push(i);
  });
  const start = headers[index];
  if (start === undefined) {
    return fail(
      `${arrayKey}[${index}]`,
      options.file,
      "is not a [[table]] in the file; edit it by hand",
    );
  }
  let end = start + 1;
  while (end < lines.length && !lines[end].trim().startsWith("[")) end++;
  // Comment lines just above the next table belong to it.
  while (end > start + 1 && lines[end - 1].trim().startsWith("#") && end < lines.length) end--;
  lines.splice(start, end - start);
  const out = lines.join("\n").replace(/\n{3,}/g, "\n\n");
  return checked(
    text,
    out,
    options,
    `Cannot remove "${arrayKey}[${index}]" (the file is unchanged)`,
  );
}

function checked(
  before: string,
  after: string,
  options: { file?: string; vars: Record<string, string | undefined> },
  action: string,
): string {
  const old = new Set(problemsOf(before, options).map(problemId));
  const added = problemsOf(after, options).filter((p) => !old.has(problemId(p)));
  if (added.length) throw new ConfigError(added, { file: options.file, action });
  return after;
}
