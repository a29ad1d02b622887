/** Errors as HTTP statuses: domain errors map to 4xx with their message, anything else to 500. */
import type { Context } from "hono";
import { ConfigError, SandboxDeniedError } from "../../core/mod.ts";
import { UnknownSessionError } from "./backend.ts";

/** An error with the status it answers with. */
export class HttpError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 413, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

/** The status and client-safe message of an error; unknown errors never show their text. */
export function errorStatus(
  error: unknown,
): { status: 400 | 403 | 404 | 409 | 413 | 500; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof UnknownSessionError) return { status: 404, message: error.message };
  if (error instanceof SandboxDeniedError) return { status: 403, message: error.message };
  if (error instanceof ConfigError) return { status: 400, message: error.message };
  if (error instanceof RangeError || error instanceof TypeError && isOwnValidation(error)) {
    return { status: 400, message: error.message };
  }
  if (error instanceof Deno.errors.NotFound) return { status: 404, message: "Not found" };
  return { status: 500, message: "Internal error" };
}

// TypeErrors we raise start with "Cannot"; others may carry internals.
function isOwnValidation(error: TypeError): boolean {
  return error.message.startsWith("Cannot ");
}

/** Reads and parses a JSON body of at most `max` bytes; 400 for bad JSON, 413 when too big. */
export async function readJson(
  c: Context,
  max: number,
  options: { optional?: boolean } = {},
): Promise<Record<string, unknown>> {
  const body = c.req.raw.body;
  if (!body && options.optional) return {};
  if (!body) throw new HttpError(400, "Cannot parse the body: empty, expected a JSON object");
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, `Cannot accept the body: larger than ${max} bytes`);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) (bytes.set(p, at), at += p.length);
  if (size === 0 && options.optional) return {};
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new HttpError(400, `Cannot parse the body: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "Cannot parse the body: expected a JSON object");
  }
  return value as Record<string, unknown>;
}

/** A required non-empty string field of a body. */
export function stringField(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== "string" || v.length === 0) {
    throw new HttpError(400, `Cannot read field "${key}": expected a non-empty string`);
  }
  return v;
}

/** An optional string field of a body. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") {
    throw new HttpError(400, `Cannot read field "${key}": expected a string`);
  }
  return v;
}
