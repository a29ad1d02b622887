/** A small JSON Schema validator for tool arguments (the subset tool schemas use). */

/** The JSON Schema subset tools declare: objects of scalars, arrays and enums. */
export type JsonSchema = {
  type?: "object" | "string" | "integer" | "number" | "boolean" | "array";
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  items?: JsonSchema;
  default?: unknown;
};

/** Every problem of `value` against `schema`, as `path: message` lines; empty when valid. */
export function validateSchema(value: unknown, schema: JsonSchema, path = "arguments"): string[] {
  const issues: string[] = [];
  const type = schema.type;
  if (type && !hasType(value, type)) {
    return [`${path}: expected ${type}, got ${describe(value)}`];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    issues.push(`${path}: must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) {
      issues.push(`${path}: must be >= ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      issues.push(`${path}: must be <= ${schema.maximum}`);
    }
  }
  if (typeof value === "string" && schema.minLength !== undefined) {
    if (value.length < schema.minLength) {
      issues.push(`${path}: must have at least ${schema.minLength} character(s)`);
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      issues.push(...validateSchema(item, schema.items!, `${path}[${i}]`))
    );
  }
  if (type === "object" && isRecord(value)) {
    const props = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (value[key] === undefined || value[key] === null) {
        issues.push(`${path}.${key}: is required`);
      }
    }
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      if (props[key]) issues.push(...validateSchema(v, props[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) {
        issues.push(`${path}.${key}: unknown property (allowed: ${Object.keys(props).join(", ")})`);
      }
    }
  }
  return issues;
}

function hasType(value: unknown, type: NonNullable<JsonSchema["type"]>): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
