/** Presenting a ResolvedConfig: display form (durations as text, secrets redacted) and key lookup. */
import { stringify } from "smol-toml";
import { formatDuration, type Node } from "./_schema_kit.ts";
import { splitKey } from "./_locate.ts";
import { type ResolvedConfig, SCHEMA } from "./schema.ts";

/** Shown instead of a secret's value. */
export const REDACTED = "***";

/** Finds the schema node of a dotted key such as `providers.lmstudio.base_url`. */
export function findSchemaNode(key: string): Node | undefined {
  let node: Node = SCHEMA;
  for (const part of splitKey(key)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    const name = m ? m[1] : part;
    if (node.kind === "section") {
      const next: Node | undefined = node.fields[name];
      if (!next) return undefined;
      node = next;
    } else if (node.kind === "named") node = node.known[name] ?? node.custom;
    else return undefined;
    if (m) {
      if (node.kind !== "array") return undefined;
      node = node.item;
    }
  }
  return node;
}

/** The config as a plain object for printing: durations as "30m", secrets as "***", unset keys dropped. */
export function displayConfig(
  config: ResolvedConfig,
  options: { redact?: boolean } = {},
): Record<string, unknown> {
  return toDisplay(SCHEMA, config, options.redact ?? true) as Record<string, unknown>;
}

/** The display value at a dotted key, or `undefined` when the key is unknown or unset. */
export function displayValue(
  config: ResolvedConfig,
  key: string,
  options: { redact?: boolean } = {},
): unknown {
  const node = findSchemaNode(key);
  if (!node) return undefined;
  let value: unknown = config;
  for (const part of splitKey(key)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    value = (value as Record<string, unknown> | undefined)?.[m ? m[1] : part];
    if (m) value = (value as unknown[] | undefined)?.[Number(m[2])];
  }
  return toDisplay(node, value, options.redact ?? true);
}

function toDisplay(node: Node, value: unknown, redact: boolean): unknown {
  if (value === undefined) return undefined;
  switch (node.kind) {
    case "field":
      if (node.secret && redact && value) return REDACTED;
      if (node.value === "duration") return formatDuration(value as number);
      if (node.value === "string_map" && redact) {
        // Header maps often carry tokens ("Authorization"); show names only.
        return Object.fromEntries(
          Object.keys(value as Record<string, string>).map((k) => [k, REDACTED]),
        );
      }
      return value;
    case "section":
      return compact(node.fields, value as Record<string, unknown>, redact);
    case "array":
      return (value as unknown[]).map((v) => toDisplay(node.item, v, redact));
    case "named": {
      const out: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        out[name] = toDisplay(node.known[name] ?? node.custom, v, redact);
      }
      return out;
    }
  }
}

function compact(
  fields: Record<string, Node>,
  value: Record<string, unknown>,
  redact: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(fields)) {
    const v = toDisplay(child, value[name], redact);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Renders a display object (see `displayConfig()`) as TOML text. */
export function formatToml(value: Record<string, unknown>): string {
  return stringify(value);
}
