/**
 * OpenAI Chat Completions through the openai SDK (imported lazily). Also serves every
 * OpenAI-compatible server by `baseUrl`: xAI, Z.AI GLM, OpenRouter, LM Studio, vLLM, llama.cpp.
 */
import type { Context, Message, StreamEvent, ToolCallPart } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { normalizeTranscript, systemText } from "../_transcript.ts";
import { httpError, orProviderError, parseJsonEvents } from "../errors.ts";
import { parseSse } from "../sse.ts";
import type { Fetch, Provider, StreamOptions } from "../types.ts";

/** Settings of an OpenAI-style provider instance. */
export interface OpenAiOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  /** True when the server works without a key (local servers). */
  keyOptional?: boolean;
  headers?: Record<string, string>;
  fetch?: Fetch;
  /** Env var named in the missing-key message. */
  keyEnv?: string;
  /**
   * Field for the output limit: OpenAI's own API wants `max_completion_tokens` (its reasoning
   * models reject `max_tokens`); compatible servers know `max_tokens`. Default `max_tokens`.
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
}

type Json = Record<string, unknown>;

/** Creates an OpenAI-style provider. */
export function createOpenAiProvider(options: OpenAiOptions): Provider {
  const name = options.name;
  // deno-lint-ignore no-explicit-any
  let client: Promise<any> | undefined;
  const getClient = () =>
    client ??= import("openai").then(({ default: OpenAI }) =>
      new OpenAI({
        apiKey: options.apiKey || "not-needed",
        // Explicit nulls keep the SDK from reading OPENAI_* variables: config owns the env.
        organization: null,
        project: null,
        baseURL: options.baseUrl,
        fetch: options.fetch,
        maxRetries: 0,
        defaultHeaders: options.headers,
      })
    );
  const checkKey = () => {
    if (!options.apiKey && !options.keyOptional) {
      const fix = options.keyEnv ? `set ${options.keyEnv} or ` : "set ";
      throw Object.assign(new Error(`no API key; ${fix}providers.${name}.api_key`), {
        status: 401,
      });
    }
  };
  return {
    name,
    api: "openai",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "openai", model, signal: opts.signal },
        async function* () {
          checkKey();
          const openai = await getClient();
          // Parsed here rather than by the SDK: see providers/anthropic.ts.
          const response: Response = await openai.chat.completions
            .create(openAiRequest(model, context, opts, options.maxTokensField), {
              signal: opts.signal,
            })
            .asResponse();
          yield* mapOpenAiChunks(name, parseJsonEvents(name, parseSse(response.body!)));
        },
      );
    },
    listModels(signal?: AbortSignal): Promise<string[]> {
      return orProviderError(name, async () => {
        checkKey();
        const openai = await getClient();
        const ids: string[] = [];
        for await (const m of openai.models.list({ signal })) ids.push(m.id);
        return ids;
      });
    },
  };
}

/** The Chat Completions request body for a context (exported for tests). */
export function openAiRequest(
  model: string,
  context: Context,
  opts: StreamOptions,
  maxTokensField: "max_tokens" | "max_completion_tokens" = "max_tokens",
): Json {
  const messages: Json[] = [];
  const system = systemText(context.system, context.systemDynamic);
  if (system) messages.push({ role: "system", content: system });
  messages.push(...toOpenAiMessages(context.messages));
  const body: Json = {
    model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    [maxTokensField]: opts.maxTokens ?? 4096,
  };
  if (opts.temperature !== undefined) body.temperature = opts.temperature;
  if (context.tools?.length) {
    body.tools = context.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  return body;
}

function toOpenAiMessages(messages: Message[]): Json[] {
  const out: Json[] = [];
  for (const m of normalizeTranscript(messages)) {
    if (m.role === "user") {
      if (typeof m.content === "string") out.push({ role: "user", content: m.content });
      else {
        out.push({
          role: "user",
          content: m.content.map((p) =>
            p.type === "text" ? { type: "text", text: p.text } : {
              type: "image_url",
              image_url: { url: `data:${p.mediaType};base64,${p.data}` },
            }
          ),
        });
      }
    } else if (m.role === "assistant") {
      const text = m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
      const calls = m.content.filter((p): p is ToolCallPart => p.type === "tool_call");
      const msg: Json = { role: "assistant", content: text || null };
      if (calls.length) {
        msg.tool_calls = calls.map((c) => ({
          id: c.id,
          type: "function",
          function: { name: c.name, arguments: c.arguments || "{}" },
        }));
      }
      out.push(msg);
    } else {
      for (const r of m.content) {
        out.push({ role: "tool", tool_call_id: r.toolCallId, content: r.content });
      }
    }
  }
  return out;
}

async function* mapOpenAiChunks(
  provider: string,
  // deno-lint-ignore no-explicit-any
  stream: AsyncIterable<any>,
): AsyncGenerator<RawEvent> {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let finish: string | undefined;
  let counter = 0;
  const flush = function* (): Generator<RawEvent> {
    for (const index of [...calls.keys()].sort((a, b) => a - b)) {
      const c = calls.get(index)!;
      const args = c.args.trim() ? c.args : "{}";
      JSON.parse(args);
      yield {
        type: "tool_call",
        call: { type: "tool_call", id: c.id, name: c.name, arguments: args },
      };
    }
    calls.clear();
  };
  for await (const chunk of stream) {
    if (chunk.error) {
      const e = chunk.error;
      const status = typeof e.code === "number" ? e.code : e.type === "server_error" ? 500 : 400;
      throw httpError(provider, status, e.message ?? JSON.stringify(e));
    }
    if (chunk.usage) {
      const u = chunk.usage;
      const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
      yield {
        type: "usage",
        usage: {
          input: (u.prompt_tokens ?? 0) - cached,
          output: u.completion_tokens ?? 0,
          cacheRead: cached,
          total: u.total_tokens ?? 0,
        },
      };
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === "string" && reasoning) {
      yield { type: "thinking_delta", text: reasoning };
    }
    if (typeof delta.content === "string" && delta.content) {
      yield { type: "text_delta", text: delta.content };
    }
    for (const d of delta.tool_calls ?? []) {
      const index = typeof d.index === "number" ? d.index : calls.size;
      let call = calls.get(index);
      if (!call) calls.set(index, call = { id: "", name: "", args: "" });
      if (d.id) call.id = d.id;
      if (d.function?.name) call.name += d.function.name;
      if (d.function?.arguments) call.args += d.function.arguments;
      if (!call.id) call.id = `call_${++counter}`;
    }
    if (choice.finish_reason) {
      finish = choice.finish_reason;
      yield* flush();
    }
  }
  yield* flush();
  if (finish === undefined) return; // ended early: the guard reports it
  yield { type: "end", stopReason: finish === "length" ? "length" : "stop" };
}
