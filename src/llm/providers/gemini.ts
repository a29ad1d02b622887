/** Google Gemini API (`streamGenerateContent?alt=sse` over fetch); also the wire Vertex AI uses. */
import { type Context, type Message, ProviderError, type StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { normalizeTranscript, parseArguments, systemText } from "../_transcript.ts";
import { bodyMessage, httpError, malformedChunk, orProviderError } from "../errors.ts";
import { parseSse } from "../sse.ts";
import type { ApiFamily, Fetch, Provider, StreamOptions } from "../types.ts";

/** Settings of a Gemini API provider instance. */
export interface GeminiOptions {
  name?: string;
  apiKey?: string;
  baseUrl?: string;
  headers?: Record<string, string>;
  fetch?: Fetch;
}

/** How a Google-wire provider reaches its endpoint (Gemini API key or Vertex bearer token). */
export interface GoogleEndpoint {
  name: string;
  api: ApiFamily;
  /** URL of `:streamGenerateContent?alt=sse` for a model. */
  streamUrl(model: string): string;
  /** URL listing models, if the endpoint supports it. */
  listUrl?: string;
  /** Auth headers; may throw (missing key, token exchange failure). */
  authHeaders(signal?: AbortSignal): Promise<Record<string, string>>;
  fetch: Fetch;
}

type Json = Record<string, unknown>;

/** Creates the Gemini API provider. */
export function createGeminiProvider(options: GeminiOptions): Provider {
  const name = options.name ?? "gemini";
  const base = (options.baseUrl ?? "https://generativelanguage.googleapis.com").replace(/\/+$/, "");
  return createGoogleProvider({
    name,
    api: "gemini",
    streamUrl: (model) => `${base}/v1beta/models/${model}:streamGenerateContent?alt=sse`,
    listUrl: `${base}/v1beta/models?pageSize=200`,
    authHeaders: () => {
      if (!options.apiKey) {
        const error = new Error(`no API key; set GEMINI_API_KEY or providers.${name}.api_key`);
        return Promise.reject(Object.assign(error, { status: 401 }));
      }
      return Promise.resolve({ "x-goog-api-key": options.apiKey, ...options.headers });
    },
    fetch: options.fetch ?? globalThis.fetch,
  });
}

/** A provider over the Gemini wire format at `endpoint`. */
export function createGoogleProvider(endpoint: GoogleEndpoint): Provider {
  const { name, api } = endpoint;
  return {
    name,
    api,
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream({ provider: name, api, model, signal: opts.signal }, async function* () {
        const headers = await endpoint.authHeaders(opts.signal);
        const response = await endpoint.fetch(endpoint.streamUrl(model), {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(geminiRequest(context, opts)),
          signal: opts.signal,
        });
        if (!response.ok || !response.body) {
          throw googleError(name, response, await response.text());
        }
        yield* mapGeminiEvents(name, parseSse(response.body));
      });
    },
    listModels(signal?: AbortSignal): Promise<string[]> {
      return orProviderError(name, async () => {
        if (!endpoint.listUrl) return [];
        const headers = await endpoint.authHeaders(signal);
        const response = await endpoint.fetch(endpoint.listUrl, { headers, signal });
        const text = await response.text();
        if (!response.ok) throw httpError(name, response.status, bodyMessage(text));
        const json = JSON.parse(text) as { models?: { name: string }[] };
        return (json.models ?? []).map((m) => m.name.replace(/^models\//, ""));
      });
    },
  };
}

/** The `generateContent` request body for a context (exported for tests). */
export function geminiRequest(context: Context, opts: StreamOptions): Json {
  const body: Json = { contents: toGeminiContents(context.messages) };
  const system = systemText(context.system, context.systemDynamic);
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  if (context.tools?.length) {
    body.tools = [{
      functionDeclarations: context.tools.map((t) => ({
        name: t.name,
        description: t.description,
        parameters: cleanSchema(t.parameters),
      })),
    }];
  }
  const generationConfig: Json = { maxOutputTokens: opts.maxTokens ?? 4096 };
  if (opts.temperature !== undefined) generationConfig.temperature = opts.temperature;
  if (opts.thinkingBudget) {
    generationConfig.thinkingConfig = {
      thinkingBudget: opts.thinkingBudget,
      includeThoughts: true,
    };
  }
  body.generationConfig = generationConfig;
  return body;
}

/** Drops JSON Schema keywords the Gemini API rejects. */
function cleanSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(cleanSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$schema" || k === "additionalProperties" || k === "$id") continue;
    out[k] = cleanSchema(v);
  }
  return out;
}

function toGeminiContents(messages: Message[]): Json[] {
  const out: Json[] = [];
  for (const m of normalizeTranscript(messages)) {
    if (m.role === "user") {
      const parts = typeof m.content === "string"
        ? [{ type: "text" as const, text: m.content }]
        : m.content;
      out.push({
        role: "user",
        parts: parts.map((p) =>
          p.type === "text" ? { text: p.text } : {
            inlineData: { mimeType: p.mediaType, data: p.data },
          }
        ),
      });
    } else if (m.role === "assistant") {
      const parts = m.content.flatMap((p): Json[] => {
        if (p.type === "text") return p.text ? [{ text: p.text }] : [];
        if (p.type === "thinking") return [];
        return [{
          functionCall: { name: p.name, args: parseArguments(p.arguments) },
          ...(p.signature ? { thoughtSignature: p.signature } : {}),
        }];
      });
      if (parts.length) out.push({ role: "model", parts });
    } else {
      out.push({
        role: "user",
        parts: m.content.map((r) => ({
          functionResponse: {
            name: r.name,
            response: r.isError ? { error: r.content } : { result: r.content },
          },
        })),
      });
    }
  }
  return out;
}

async function* mapGeminiEvents(
  provider: string,
  events: AsyncIterable<{ data: string }>,
): AsyncGenerator<RawEvent> {
  let counter = 0;
  let finish: string | undefined;
  for await (const { data } of events) {
    let chunk;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw malformedChunk(provider, data);
    }
    if (chunk.error) {
      throw httpError(provider, chunk.error.code ?? 500, chunk.error.message ?? data);
    }
    const u = chunk.usageMetadata;
    if (u) {
      const cached = u.cachedContentTokenCount ?? 0;
      yield {
        type: "usage",
        usage: {
          input: (u.promptTokenCount ?? 0) - cached,
          output: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
          cacheRead: cached,
          total: u.totalTokenCount ?? 0,
        },
      };
    }
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall) {
        yield {
          type: "tool_call",
          call: {
            type: "tool_call",
            id: part.functionCall.id ?? `call_${++counter}`,
            name: part.functionCall.name,
            arguments: JSON.stringify(part.functionCall.args ?? {}),
            ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
          },
        };
      } else if (typeof part.text === "string" && part.text) {
        yield { type: part.thought ? "thinking_delta" : "text_delta", text: part.text };
      }
    }
    if (candidate?.finishReason) finish = candidate.finishReason;
  }
  if (finish === undefined) return;
  if (finish !== "STOP" && finish !== "MAX_TOKENS") {
    throw httpError(provider, 400, `the reply was blocked (finishReason ${finish})`);
  }
  yield { type: "end", stopReason: finish === "MAX_TOKENS" ? "length" : "stop" };
}

/** An HTTP error; Google puts the wait in `RetryInfo.retryDelay` ("2s") rather than a header. */
function googleError(name: string, response: Response, text: string): ProviderError {
  const error = httpError(name, response.status, bodyMessage(text), response.headers);
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(text);
  if (error.retryAfterMs !== undefined || !delay) return error;
  return new ProviderError(error.kind, error.message, {
    status: error.status,
    retryAfterMs: Number(delay[1]) * 1000,
  });
}
