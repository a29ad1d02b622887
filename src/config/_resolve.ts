/** Walks the schema over the user's parsed TOML: fills defaults, expands ${VAR}, collects problems. */
import type { ConfigProblem } from "../core/mod.ts";
import { type Field, type Node, parseDuration, type Section } from "./_schema_kit.ts";

/** What the walker needs besides the value: env vars for `${VAR}`, and problem collection. */
export interface ResolveContext {
  vars: Record<string, string | undefined>;
  problems: ConfigProblem[];
  /** Non-fatal notes (keys kept for compatibility that have no effect). */
  notes: ConfigProblem[];
}

type Plain = Record<string, unknown>;

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?\}$/;

/** Resolves `value` against `node` at key path `key`; problems go to `ctx.problems`. */
export function resolveNode(node: Node, value: unknown, key: string, ctx: ResolveContext): unknown {
  switch (node.kind) {
    case "field":
      return resolveField(node, value, key, ctx);
    case "section":
      return resolveSection(node, value, key, ctx);
    case "array": {
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((v) => !isPlain(v))) {
        ctx.problems.push({ key, message: "must be an array of tables" });
        return [];
      }
      return value.map((item, i) => resolveSection(node.item, item, `${key}[${i}]`, ctx));
    }
    case "named": {
      if (value !== undefined && !isPlain(value)) {
        ctx.problems.push({ key, message: `must be a table, not ${describe(value)}` });
        value = undefined;
      }
      const given = (value ?? {}) as Plain;
      const out: Plain = {};
      for (const [name, schema] of Object.entries(node.known)) {
        out[name] = resolveSection(schema, given[name], join(key, name), ctx);
      }
      for (const [name, sub] of Object.entries(given)) {
        if (name in node.known) continue;
        const resolved = resolveSection(node.custom, sub, join(key, name), ctx) as Plain;
        const need = node.customKey;
        if (need && isPlain(sub) && resolved[need.key] === undefined) {
          const field = node.custom.fields[need.key] as Field<string>;
          const choices = field.choices ? ` (one of ${choicesOf(field)})` : "";
          ctx.problems.push({
            key: join(key, name),
            message:
              `unknown ${need.noun} "${name}": a custom ${need.noun} needs \`${need.key}\`${choices}`,
          });
        }
        out[name] = resolved;
      }
      return out;
    }
  }
}

function resolveSection(node: Section, value: unknown, key: string, ctx: ResolveContext): Plain {
  if (value !== undefined && !isPlain(value)) {
    ctx.problems.push({ key, message: `must be a table, not ${describe(value)}` });
    value = undefined;
  }
  const given = (value ?? {}) as Plain;
  const out: Plain = {};
  for (const name of Object.keys(given)) {
    if (!(name in node.fields)) {
      const hint = closest(name, Object.keys(node.fields));
      ctx.problems.push({
        key: join(key, name),
        message: `unknown key "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      });
    }
  }
  for (const [name, child] of Object.entries(node.fields)) {
    out[name] = resolveNode(child, given[name], join(key, name), ctx);
  }
  return out;
}

// deno-lint-ignore no-explicit-any
function resolveField(node: Field<any>, value: unknown, key: string, ctx: ResolveContext): unknown {
  if (value === undefined) {
    if (node.required) ctx.problems.push({ key, message: "is required" });
    return structuredClone(node.default);
  }
  if (node.compat) {
    ctx.notes.push({
      key,
      message: `"${key}" has no effect in this version (kept for compatibility)`,
    });
  }
  let fromEnv = false;
  if (typeof value === "string") {
    const expanded = expand(value, key, ctx);
    if (expanded === null) return structuredClone(node.default);
    fromEnv = expanded !== value;
    value = expanded;
  }
  const bad = (expected: string) => {
    ctx.problems.push({ key, message: `must be ${expected}, not ${describe(value)}` });
    return structuredClone(node.default);
  };
  switch (node.value) {
    case "string":
      if (typeof value !== "string") return bad("a string");
      if (node.choices && !node.choices.includes(value)) {
        ctx.problems.push({ key, message: `must be one of ${choicesOf(node)}, not "${value}"` });
        return structuredClone(node.default);
      }
      if (node.min !== undefined && value.trim().length < node.min) {
        ctx.problems.push({ key, message: "must not be empty" });
        return structuredClone(node.default);
      }
      return value;
    case "int":
    case "float": {
      const n = fromEnv && typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n !== "number" || Number.isNaN(n)) {
        return bad(`a${node.value === "int" ? "n integer" : " number"}`);
      }
      if (node.value === "int" && !Number.isInteger(n)) return bad("an integer");
      if (node.min !== undefined && n < node.min) return bad(`at least ${node.min}`);
      if (node.max !== undefined && n > node.max) return bad(`at most ${node.max}`);
      return n;
    }
    case "bool": {
      const b = fromEnv && (value === "true" || value === "false") ? value === "true" : value;
      return typeof b === "boolean" ? b : bad("true or false");
    }
    case "duration": {
      if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value * 1000;
      const ms = typeof value === "string" ? parseDuration(value) : undefined;
      return ms === undefined ? bad('a duration such as "90s", "30m" or "2h30m"') : ms;
    }
    case "clock":
      return typeof value === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)
        ? value
        : bad('a time "HH:MM"');
    case "string[]": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        return bad("an array of strings");
      }
      for (const v of value) {
        if (node.choices && !node.choices.includes(v)) {
          ctx.problems.push({ key, message: `"${v}" is not one of ${choicesOf(node)}` });
        }
      }
      return value.map((v, i) => expand(v, `${key}[${i}]`, ctx) ?? v);
    }
    case "string_map": {
      if (!isPlain(value) || Object.values(value).some((v) => typeof v !== "string")) {
        return bad("a table of strings");
      }
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, expand(v as string, join(key, k), ctx) ?? v]),
      );
    }
  }
}

/** Expands a whole-value `${VAR}` (or `${VAR:-default}`); null when the variable is missing. */
function expand(value: string, key: string, ctx: ResolveContext): string | null {
  const m = ENV_REF.exec(value);
  if (!m) return value;
  const env = ctx.vars[m[1]];
  if (env !== undefined && env !== "") return env;
  if (m[2] !== undefined) return m[2];
  ctx.problems.push({ key, message: `environment variable "${m[1]}" is not set` });
  return null;
}

function join(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

function isPlain(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return "a date";
  if (v === null) return "null";
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  if (typeof v === "object") return "a table";
  return String(v);
}

// deno-lint-ignore no-explicit-any
function choicesOf(node: Field<any>): string {
  return (node.choices ?? []).map((c) => `"${c}"`).join(", ");
}

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
