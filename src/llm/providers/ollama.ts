/** Ollama's native API: `POST /api/chat` streaming NDJSON (text, thinking, tool calls), `/api/tags`. */
import type { Context, Message, StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { normalizeTranscript, parseArguments, systemText } from "../_transcript.ts";
import { bodyMessage, httpError, malformedChunk, orProviderError } from "../errors.ts";
import { parseNdjson } from "../sse.ts";
import type { Fetch, Provider, StreamOptions } from "../types.ts";

/** Settings of an Ollama provider instance. */
export interface OllamaOptions {
  name?: string;
  endpoint: string;
  headers?: Record<string, string>;
  fetch?: Fetch;
}

type Json = Record<string, unknown>;

/** Creates the Ollama provider. */
export function createOllamaProvider(options: OllamaOptions): Provider {
  const name = options.name ?? "ollama";
  const base = options.endpoint.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    name,
    api: "ollama",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "ollama", model, signal: opts.signal },
        async function* () {
          const response = await doFetch(`${base}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json", ...options.headers },
            body: JSON.stringify(ollamaRequest(model, context, opts)),
            signal: opts.signal,
          });
          if (!response.ok || !response.body) {
            const text = await response.text();
            throw httpError(name, response.status, bodyMessage(text), response.headers);
          }
          yield* mapOllamaLines(name, parseNdjson(response.body));
        },
      );
    },
    listModels(signal?: AbortSignal): Promise<string[]> {
      return orProviderError(name, async () => {
        const response = await doFetch(`${base}/api/tags`, { headers: options.headers, signal });
        const text = await response.text();
        if (!response.ok) throw httpError(name, response.status, bodyMessage(text));
        const json = JSON.parse(text) as { models?: { name?: string; model?: string }[] };
        return (json.models ?? []).map((m) => m.name ?? m.model ?? "").filter(Boolean);
      });
    },
  };
}

/** The `/api/chat` request body for a context (exported for tests). */
export function ollamaRequest(model: string, context: Context, opts: StreamOptions): Json {
  const messages: Json[] = [];
  const system = systemText(context.system, context.systemDynamic);
  if (system) messages.push({ role: "system", content: system });
  messages.push(...toOllamaMessages(context.messages));
  const options: Json = { num_predict: opts.maxTokens ?? 4096 };
  if (opts.temperature !== undefined) options.temperature = opts.temperature;
  // Ollama silently truncates prompts longer than num_ctx (default 2048–4096), so pass the budget.
  if (opts.contextWindow) options.num_ctx = opts.contextWindow;
  const body: Json = { model, messages, stream: true, options };
  if (context.tools?.length) {
    body.tools = context.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  if (opts.thinkingBudget) body.think = true;
  return body;
}

function toOllamaMessages(messages: Message[]): Json[] {
  const out: Json[] = [];
  for (const m of normalizeTranscript(messages)) {
    if (m.role === "user") {
      if (typeof m.content === "string") out.push({ role: "user", content: m.content });
      else {
        const images = m.content.flatMap((p) => (p.type === "image" ? [p.data] : []));
        const text = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
        out.push({ role: "user", content: text, ...(images.length ? { images } : {}) });
      }
    } else if (m.role === "assistant") {
      const text = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
      const calls = m.content.flatMap((p) =>
        p.type === "tool_call"
          ? [{ function: { name: p.name, arguments: parseArguments(p.arguments) } }]
          : []
      );
      out.push({
        role: "assistant",
        content: text,
        ...(calls.length ? { tool_calls: calls } : {}),
      });
    } else {
      for (const r of m.content) out.push({ role: "tool", content: r.content, tool_name: r.name });
    }
  }
  return out;
}

async function* mapOllamaLines(
  provider: string,
  lines: AsyncIterable<string>,
): AsyncGenerator<RawEvent> {
  let counter = 0;
  for await (const line of lines) {
    let chunk;
    try {
      chunk = JSON.parse(line);
    } catch {
      throw malformedChunk(provider, line);
    }
    if (typeof chunk.error === "string") throw httpError(provider, 500, chunk.error);
    const message = chunk.message ?? {};
    if (message.thinking) yield { type: "thinking_delta", text: message.thinking };
    if (message.content) yield { type: "text_delta", text: message.content };
    for (const call of message.tool_calls ?? []) {
      const args = call.function?.arguments;
      yield {
        type: "tool_call",
        call: {
          type: "tool_call",
          id: call.id ?? `call_${++counter}`,
          name: call.function?.name ?? "",
          arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
        },
      };
    }
    if (chunk.done) {
      const input = chunk.prompt_eval_count ?? 0;
      const output = chunk.eval_count ?? 0;
      yield { type: "usage", usage: { input, output } };
      yield { type: "end", stopReason: chunk.done_reason === "length" ? "length" : "stop" };
      return;
    }
  }
}
