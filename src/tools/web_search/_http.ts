/** The one HTTP exchange every search provider makes: JSON in, JSON out, errors classified. */
import { type SearchDeps, SearchFailure, type SearchProviderName } from "./types.ts";

/** A request of a provider. */
export interface JsonRequest {
  provider: SearchProviderName;
  url: URL;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends the request and returns the parsed JSON body; throws SearchFailure. */
export async function requestJson(request: JsonRequest, deps: SearchDeps): Promise<unknown> {
  const doFetch = deps.fetch ?? fetch;
  const timer = (deps.timeout ?? AbortSignal.timeout)(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timer]) : timer;
  const { provider } = request;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(request.url, {
      method: request.method ?? "GET",
      headers: {
        accept: "application/json",
        "user-agent": "LocalGPT/0.1",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (timer.aborted) {
      throw new SearchFailure(provider, "timeout", `no answer within ${request.timeoutMs} ms`, 0, {
        cause: error,
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new SearchFailure(
      provider,
      "network",
      `cannot reach ${request.url.origin}: ${detail}`,
      0,
      {
        cause: error,
      },
    );
  }
  if (!response.ok) {
    const s = response.status;
    const kind = s === 401 || s === 403 ? "auth" : s === 429 ? "rate_limit" : "http";
    const hint = kind === "auth"
      ? " (check the API key)"
      : kind === "rate_limit"
      ? " (rate limit or quota reached)"
      : "";
    throw new SearchFailure(provider, kind, `HTTP ${s}${hint}: ${errorDetail(text)}`, s);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SearchFailure(
      provider,
      "malformed",
      `the reply is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
      response.status,
      { cause: error },
    );
  }
}

/** Throws a `malformed` failure unless `value` is an object. */
export function expectObject(
  provider: SearchProviderName,
  value: unknown,
  what: string,
): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new SearchFailure(provider, "malformed", `the reply has no ${what}`);
}

/** A string field or "". */
export function str(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text);
    const message = body?.error?.message ?? body?.error?.detail ?? body?.detail?.error ??
      body?.message ?? body?.detail ?? body?.error;
    if (typeof message === "string" && message) return message.slice(0, 200);
  } catch {
    // Not JSON: show the start of the text.
  }
  return text.trim().replace(/\s+/g, " ").slice(0, 200) || "(empty body)";
}

/** `body[key]` as hits (`title`, `url`, snippet from `snippetKey`), without URL-less rows. */
export function hitList(
  provider: SearchProviderName,
  body: Record<string, unknown>,
  key: string,
  snippetKey: string,
): { title: string; url: string; snippet: string }[] {
  const list = body[key];
  if (!Array.isArray(list)) expectObject(provider, undefined, `"${key}" list`);
  return (list as Record<string, unknown>[])
    .map((r) => ({ title: str(r?.title), url: str(r?.url), snippet: str(r?.[snippetKey]) }))
    .filter((r) => r.url);
}
