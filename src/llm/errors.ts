/** Classifies HTTP statuses, vendor messages and thrown values into `ProviderError` kinds. */
import { errorMessage, ProviderError } from "../core/mod.ts";

const OVERFLOW =
  /prompt is too long|context[ _-]length|context window|maximum context|too many tokens|exceeds the (maximum|context)|input token count|reduce the length/i;
const RATE = /rate[ _-]?limit|too many requests|resource[ _]exhausted|quota/i;
const AUTH =
  /api key not valid|invalid api key|invalid x-api-key|unauthori[sz]ed|authentication|not logged in|please run \/login/i;

/** Milliseconds from `retry-after-ms` or `retry-after` (seconds or HTTP date); undefined if absent. */
export function parseRetryAfter(
  headers: Headers | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for an HTTP failure of `provider`; `detail` is the vendor's message. */
export function httpError(
  provider: string,
  status: number,
  detail: string,
  headers?: Headers,
): ProviderError {
  const message = `Cannot stream from "${provider}": HTTP ${status}: ${oneLine(detail)}`;
  const options = { status, retryAfterMs: parseRetryAfter(headers) };
  if (OVERFLOW.test(detail) || status === 413) {
    return new ProviderError("context_overflow", message, options);
  }
  if (status === 401 || status === 403 || (status === 400 && AUTH.test(detail))) {
    return new ProviderError("auth", message, options);
  }
  if (status === 429 || (status === 400 && RATE.test(detail))) {
    return new ProviderError("rate_limit", message, options);
  }
  if (status === 408 || status >= 500) return new ProviderError("server", message, options);
  return new ProviderError("invalid_request", message, options);
}

/** The vendor's message from an error body (`{error:{message}}`, `{error:"…"}`, `{message}`). */
export function bodyMessage(text: string): string {
  try {
    const json = JSON.parse(text);
    const e = json?.error ?? json;
    if (typeof e === "string") return e;
    if (typeof e?.message === "string") return e.message;
  } catch {
    // not JSON: use the text
  }
  return text.trim() || "(empty body)";
}

/** Turns anything thrown while streaming (SDK errors, fetch failures, aborts) into a ProviderError. */
export function toProviderError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as {
    name?: string;
    status?: number;
    headers?: Headers;
    error?: unknown;
    message?: string;
  };
  if (e?.name === "AbortError" || e?.name === "APIUserAbortError") {
    return new ProviderError("aborted", `Cannot stream from "${provider}": aborted`, {
      cause: error,
    });
  }
  if (typeof e?.status === "number") {
    const detail = e.error ? bodyMessage(JSON.stringify(e.error)) : errorMessage(error);
    const headers = e.headers instanceof Headers ? e.headers : undefined;
    return httpError(provider, e.status, detail, headers);
  }
  if (e?.name === "SyntaxError") {
    return new ProviderError(
      "server",
      `Cannot stream from "${provider}": malformed chunk: ${errorMessage(error)}`,
      { cause: error, retryable: false },
    );
  }
  const text = errorMessage(error);
  if (OVERFLOW.test(text)) {
    return new ProviderError("context_overflow", `Cannot stream from "${provider}": ${text}`, {
      cause: error,
    });
  }
  if (RATE.test(text) || /overloaded/i.test(text)) {
    return new ProviderError("rate_limit", `Cannot stream from "${provider}": ${text}`, {
      cause: error,
    });
  }
  if (
    error instanceof TypeError || e?.name === "APIConnectionError" ||
    e?.name === "APIConnectionTimeoutError" ||
    /connect|network|ECONN|socket|timed? ?out|reset|closed/i.test(text)
  ) {
    return new ProviderError("network", `Cannot reach "${provider}": ${oneLine(text)}`, {
      cause: error,
    });
  }
  return new ProviderError("server", `Cannot stream from "${provider}": ${oneLine(text)}`, {
    cause: error,
    retryable: false,
  });
}

/** The error for an unparsable chunk in a stream (not retried: the reply has begun). */
export function malformedChunk(provider: string, chunk: string): ProviderError {
  return new ProviderError(
    "server",
    `Cannot parse stream from "${provider}": malformed chunk ${JSON.stringify(chunk.slice(0, 80))}`,
    { retryable: false },
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? line.slice(0, 300) + "…" : line;
}

/** Parses each SSE `data` as JSON (stopping at `[DONE]`); a bad chunk throws `malformedChunk`. */
export async function* parseJsonEvents(
  provider: string,
  events: AsyncIterable<{ data: string }>,
): AsyncGenerator<unknown> {
  for await (const { data } of events) {
    if (data.trim() === "[DONE]") return;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      throw malformedChunk(provider, data);
    }
    yield value;
  }
}

/** Classifies an error reported only as text (CLI providers): by its wording, else a server error. */
export function messageError(provider: string, text: string): ProviderError {
  const message = `Cannot stream from "${provider}": ${oneLine(text)}`;
  if (OVERFLOW.test(text)) return new ProviderError("context_overflow", message);
  if (AUTH.test(text)) return new ProviderError("auth", message);
  if (RATE.test(text) || /overloaded|\b429\b/i.test(text)) {
    return new ProviderError("rate_limit", message);
  }
  return new ProviderError("server", message, { retryable: false });
}

/** Runs `fn`, rethrowing whatever it throws as a ProviderError of `provider`. */
export async function orProviderError<T>(provider: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toProviderError(provider, error);
  }
}
