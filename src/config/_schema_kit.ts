/** Building blocks of the config schema: typed fields, sections and tables, with inferred types. */

/** A value's kind; decides parsing, validation and how `config set` writes it. */
export type ValueKind =
  | "string"
  | "int"
  | "float"
  | "bool"
  | "duration"
  | "clock"
  | "string[]"
  | "string_map";

/** One leaf key of the config. */
export interface Field<T, Required extends boolean = boolean> {
  kind: "field";
  value: ValueKind;
  default?: T;
  /** Allowed values for strings. */
  choices?: readonly string[];
  /** For numbers the smallest value; for strings the shortest length (1: must not be empty). */
  min?: number;
  max?: number;
  /** Redacted by `config show` and never logged. */
  secret?: boolean;
  /** Must be present (only for optional-typed fields inside tables). */
  required?: boolean;
  /** Read for compatibility with the original LocalGPT's config, but not used (yet): setting it warns. */
  compat?: boolean;
  /** One line for the template and `config get --help`. */
  doc: string;
  /** Phantom marker: true when a default is always present after resolution. */
  readonly _required?: Required;
  readonly _type?: T;
}

/** A TOML table with a fixed set of keys. */
export interface Section<F extends Record<string, Node> = Record<string, Node>> {
  kind: "section";
  fields: F;
  doc?: string;
}

/** An array of tables (`[[cron.jobs]]`, or an inline array of tables). */
export interface TableArray<S extends Section = Section> {
  kind: "array";
  item: S;
  doc?: string;
}

/** A table of named sub-tables; known names have their own schema, other names use `custom`. */
export interface NamedTables<
  K extends Record<string, Section> = Record<string, Section>,
  C extends Section = Section,
> {
  kind: "named";
  known: K;
  custom: C;
  doc?: string;
  /** A key every custom (not known) table must set, and what to call such a table in errors. */
  customKey?: { key: string; noun: string };
}

/** Any node of the schema tree. */
export type Node =
  // deno-lint-ignore no-explicit-any
  | Field<any, boolean>
  | Section
  | TableArray
  | NamedTables;

/** The resolved TypeScript type of a schema node. */
export type Infer<N> = N extends Field<infer T, infer R> ? (R extends true ? T : T | undefined)
  : N extends Section<infer F> ? { [K in keyof F]: Infer<F[K]> }
  : N extends TableArray<infer S> ? Infer<S>[]
  : N extends NamedTables<infer K, infer C>
    ? { [P in keyof K]: Infer<K[P]> } & Record<string, Infer<C> | undefined>
  : never;

type FieldOptions = Pick<
  // deno-lint-ignore no-explicit-any
  Field<any>,
  "doc" | "choices" | "min" | "max" | "secret" | "required" | "compat"
>;

function field<T>(value: ValueKind, def: T | undefined, options: FieldOptions): Field<T> {
  return { kind: "field", value, default: def, ...options };
}

/** A string with a default. */
export function str<const T extends string = string>(
  def: T,
  options: FieldOptions & { choices?: readonly T[] },
): Field<T, true> {
  return field<T>("string", def, options) as Field<T, true>;
}
/** An optional string (no default). */
export function optStr(options: FieldOptions): Field<string, false> {
  return field<string>("string", undefined, options) as Field<string, false>;
}
/** An integer with a default. */
export function int(def: number, options: FieldOptions): Field<number, true> {
  return field<number>("int", def, options) as Field<number, true>;
}
/** An optional integer. */
export function optInt(options: FieldOptions): Field<number, false> {
  return field<number>("int", undefined, options) as Field<number, false>;
}
/** A float with a default. */
export function float(def: number, options: FieldOptions): Field<number, true> {
  return field<number>("float", def, options) as Field<number, true>;
}
/** A boolean with a default. */
export function bool(def: boolean, options: FieldOptions): Field<boolean, true> {
  return field<boolean>("bool", def, options) as Field<boolean, true>;
}
/** A duration string such as "30m" or "2h30m", resolved to milliseconds. */
export function duration(def: string, options: FieldOptions): Field<number, true> {
  return field<number>("duration", parseDurationOrThrow(def), options) as Field<number, true>;
}
/** An optional duration. */
export function optDuration(options: FieldOptions): Field<number, false> {
  return field<number>("duration", undefined, options) as Field<number, false>;
}
/** An optional "HH:MM" clock time. */
export function optClock(options: FieldOptions): Field<string, false> {
  return field<string>("clock", undefined, options) as Field<string, false>;
}
/** A list of strings with a default. */
export function strList(def: string[], options: FieldOptions): Field<string[], true> {
  return field<string[]>("string[]", def, options) as Field<string[], true>;
}
/** A string-to-string map with a default. */
export function strMap(
  def: Record<string, string>,
  options: FieldOptions,
): Field<Record<string, string>, true> {
  return field<Record<string, string>>("string_map", def, options) as Field<
    Record<string, string>,
    true
  >;
}
/** A table with fixed keys. */
export function section<F extends Record<string, Node>>(fields: F, doc?: string): Section<F> {
  return { kind: "section", fields, doc };
}
/** An array of tables. */
export function tables<S extends Section>(item: S, doc?: string): TableArray<S> {
  return { kind: "array", item, doc };
}
/** Named sub-tables (e.g. `[providers.openai]`, `[providers.lmstudio]`). */
export function named<K extends Record<string, Section>, C extends Section>(
  known: K,
  custom: C,
  options: { doc?: string; customKey?: { key: string; noun: string } } = {},
): NamedTables<K, C> {
  return { kind: "named", known, custom, ...options };
}

const DURATION_RE = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses "90s", "30m", "2h30m", "1d", "500ms" (or a bare number of seconds) to milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const m = DURATION_RE.exec(trimmed);
  if (!m || trimmed === "") return undefined;
  const [d, h, min, s, ms] = m.slice(1).map((v) => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000 + ms;
}

function parseDurationOrThrow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new RangeError(`Invalid duration default "${text}"`);
  return ms;
}

/** Formats milliseconds back to the shortest duration string ("1h30m"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const parts: string[] = [];
  let rest = ms;
  for (
    const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const
  ) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join("");
}
