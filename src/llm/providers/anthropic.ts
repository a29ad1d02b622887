/** Anthropic Messages API through @anthropic-ai/sdk (imported lazily), streaming with tool use. */
import type {
  Context,
  ImagePart,
  Message,
  NativeSearch,
  StreamEvent,
  TextPart,
  ToolCallPart,
} from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { normalizeTranscript, parseArguments } from "../_transcript.ts";
import { ANTHROPIC_DATED } from "../catalog.ts";
import { httpError, orProviderError, parseJsonEvents } from "../errors.ts";
import { parseSse } from "../sse.ts";
import { fromAnthropicUsage } from "./_anthropic_usage.ts";
import type { Fetch, Provider, StreamOptions } from "../types.ts";

/** Settings of an Anthropic provider instance. */
export interface AnthropicOptions {
  name?: string;
  apiKey?: string;
  baseUrl?: string;
  headers?: Record<string, string>;
  fetch?: Fetch;
  /**
   * Anthropic's server-side `web_search` tool: `fallback` (or true) adds it unless the context
   * has a client `web_search` tool; `prefer` replaces the client tool with it; default off.
   */
  nativeWebSearch?: NativeSearchMode | boolean;
}

/** When Anthropic's server-side web search is offered (see `AnthropicOptions`). */
export type NativeSearchMode = "off" | "fallback" | "prefer";

type Block = Record<string, unknown>;

/** Creates the Anthropic provider. */
export function createAnthropicProvider(options: AnthropicOptions): Provider {
  const name = options.name ?? "anthropic";
  // deno-lint-ignore no-explicit-any
  let client: Promise<any> | undefined;
  const getClient = () =>
    client ??= import("@anthropic-ai/sdk").then(({ default: Anthropic }) =>
      new Anthropic({
        apiKey: options.apiKey ?? "",
        // Explicit nulls keep the SDK from reading ANTHROPIC_* variables: config owns the env.
        authToken: null,
        baseURL: options.baseUrl ?? "https://api.anthropic.com",
        fetch: options.fetch,
        maxRetries: 0,
        defaultHeaders: options.headers,
      })
    );
  return {
    name,
    api: "anthropic",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      const dated = ANTHROPIC_DATED[model] ?? model;
      return guardStream(
        { provider: name, api: "anthropic", model: dated, signal: opts.signal },
        async function* () {
          if (!options.apiKey) throw missingKey(name);
          const anthropic = await getClient();
          const body = anthropicRequest(dated, context, opts, options.nativeWebSearch ?? false);
          // The raw response is parsed here (not by the SDK) so that malformed chunks and
          // mid-stream errors are classified like every other provider's.
          const response: Response = await anthropic.messages.create(body, { signal: opts.signal })
            .asResponse();
          yield* mapAnthropicEvents(name, parseJsonEvents(name, parseSse(response.body!)));
        },
      );
    },
    listModels(signal?: AbortSignal): Promise<string[]> {
      return orProviderError(name, async () => {
        if (!options.apiKey) throw missingKey(name);
        const anthropic = await getClient();
        const ids: string[] = [];
        for await (const m of anthropic.models.list({ limit: 100 }, { signal })) ids.push(m.id);
        return ids;
      });
    },
  };
}

function missingKey(name: string): Error {
  const e = new Error(`no API key; set ANTHROPIC_API_KEY or providers.${name}.api_key`);
  return Object.assign(e, { status: 401 });
}

/** The Messages API request body for a context (exported for tests). */
export function anthropicRequest(
  model: string,
  context: Context,
  opts: StreamOptions,
  nativeWebSearch: NativeSearchMode | boolean,
): Record<string, unknown> {
  const mode = nativeWebSearch === true ? "fallback" : nativeWebSearch || "off";
  const maxTokens = opts.maxTokens ?? 4096;
  const body: Record<string, unknown> = {
    model,
    max_tokens: opts.thinkingBudget ? maxTokens + opts.thinkingBudget : maxTokens,
    messages: toAnthropicMessages(context.messages),
    stream: true,
  };
  const system: Block[] = [];
  if (context.system?.trim()) {
    system.push({ type: "text", text: context.system, cache_control: { type: "ephemeral" } });
  }
  if (context.systemDynamic?.trim()) system.push({ type: "text", text: context.systemDynamic });
  if (system.length) body.system = system;
  const offered = (context.tools ?? []).filter((t) => mode !== "prefer" || t.name !== "web_search");
  const tools: Block[] = offered.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.parameters,
  }));
  if (mode !== "off" && !tools.some((t) => t.name === "web_search")) {
    tools.push({ type: "web_search_20250305", name: "web_search", max_uses: 5 });
  }
  if (tools.length) body.tools = tools;
  if (opts.temperature !== undefined && !opts.thinkingBudget) body.temperature = opts.temperature;
  if (opts.thinkingBudget) {
    body.thinking = { type: "enabled", budget_tokens: opts.thinkingBudget };
  }
  return body;
}

function toAnthropicMessages(messages: Message[]): Block[] {
  const out: Block[] = [];
  const push = (role: "user" | "assistant", content: Block[]) => {
    if (!content.length) return;
    const last = out.at(-1);
    // Consecutive same-role turns are merged: the API requires alternation.
    if (last?.role === role) (last.content as Block[]).push(...content);
    else out.push({ role, content });
  };
  for (const m of normalizeTranscript(messages)) {
    if (m.role === "user") {
      const parts: (TextPart | ImagePart)[] = typeof m.content === "string"
        ? [{ type: "text", text: m.content }]
        : m.content;
      push(
        "user",
        parts.filter((p) => p.type !== "text" || p.text).map((p) =>
          p.type === "text" ? { type: "text", text: p.text } : {
            type: "image",
            source: { type: "base64", media_type: p.mediaType, data: p.data },
          }
        ),
      );
    } else if (m.role === "assistant") {
      push(
        "assistant",
        m.content.flatMap((p): Block[] => {
          if (p.type === "text") return p.text ? [{ type: "text", text: p.text }] : [];
          if (p.type === "thinking") {
            if (!p.signature) return [];
            return p.redacted
              ? [{ type: "redacted_thinking", data: p.signature }]
              : [{ type: "thinking", thinking: p.text, signature: p.signature }];
          }
          return [{ type: "tool_use", id: p.id, name: p.name, input: parseArguments(p.arguments) }];
        }),
      );
    } else {
      // Tool results open the next user turn, before any text (the API requires that order).
      const results = m.content.map((r) => ({
        type: "tool_result",
        tool_use_id: r.toolCallId,
        content: r.content,
        ...(r.isError ? { is_error: true } : {}),
      }));
      out.push({ role: "user", content: results });
    }
  }
  return out;
}

const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

async function* mapAnthropicEvents(
  provider: string,
  // deno-lint-ignore no-explicit-any
  stream: AsyncIterable<any>,
): AsyncGenerator<RawEvent> {
  const blocks = new Map<number, { call?: ToolCallPart; json: string }>();
  const serverCalls = new Map<string, string>();
  const searches = new Map<number, { id: string; json: string }>();
  let stop: "stop" | "tool_use" | "length" = "stop";
  for await (const event of stream) {
    switch (event.type) {
      case "error": {
        const type = event.error?.type ?? "api_error";
        throw httpError(provider, ERROR_STATUS[type] ?? 500, event.error?.message ?? type);
      }
      case "message_start": {
        const u = event.message?.usage ?? {};
        yield { type: "usage", usage: fromAnthropicUsage(u) };
        break;
      }
      case "content_block_start": {
        const b = event.content_block;
        if (b?.type === "tool_use") {
          blocks.set(event.index, {
            call: { type: "tool_call", id: b.id, name: b.name, arguments: "" },
            json: "",
          });
        } else if (b?.type === "server_tool_use") {
          searches.set(event.index, { id: b.id, json: "" });
          if (b.input && Object.keys(b.input).length) {
            searches.get(event.index)!.json = JSON.stringify(b.input);
          }
        } else if (b?.type === "web_search_tool_result") {
          yield { type: "web_search", search: nativeSearch(b, serverCalls) };
        } else if (b?.type === "redacted_thinking") {
          yield { type: "redacted_thinking", data: b.data };
        } else if (b?.type === "text" && b.text) yield { type: "text_delta", text: b.text };
        break;
      }
      case "content_block_delta": {
        const d = event.delta;
        if (d?.type === "text_delta") yield { type: "text_delta", text: d.text };
        else if (d?.type === "thinking_delta") yield { type: "thinking_delta", text: d.thinking };
        else if (d?.type === "signature_delta") {
          yield { type: "thinking_signature", signature: d.signature };
        } else if (d?.type === "input_json_delta") {
          const block = blocks.get(event.index) ?? searches.get(event.index);
          if (block) block.json += d.partial_json ?? "";
        } else if (d?.type === "citations_delta" && d.citation?.url) {
          yield {
            type: "citation",
            citation: {
              url: String(d.citation.url),
              title: String(d.citation.title ?? d.citation.url),
              ...(d.citation.cited_text ? { citedText: String(d.citation.cited_text) } : {}),
            },
          };
        }
        break;
      }
      case "content_block_stop": {
        const search = searches.get(event.index);
        if (search) {
          serverCalls.set(search.id, queryOf(search.json));
          searches.delete(event.index);
        }
        const block = blocks.get(event.index);
        if (block?.call) {
          block.call.arguments = block.json.trim() ? block.json : "{}";
          JSON.parse(block.call.arguments);
          yield { type: "tool_call", call: block.call };
          blocks.delete(event.index);
        }
        break;
      }
      case "message_delta": {
        const reason = event.delta?.stop_reason;
        if (reason === "tool_use") stop = "tool_use";
        else if (reason === "max_tokens") stop = "length";
        if (event.usage) {
          yield { type: "usage", usage: fromAnthropicUsage(event.usage) };
        }
        break;
      }
      case "message_stop":
        yield { type: "end", stopReason: stop };
        return;
    }
  }
}

function queryOf(json: string): string {
  try {
    const input = JSON.parse(json || "{}");
    return typeof input.query === "string" ? input.query : "";
  } catch {
    return "";
  }
}

// deno-lint-ignore no-explicit-any
function nativeSearch(block: any, queries: Map<string, string>): NativeSearch {
  const id = String(block.tool_use_id ?? "");
  const base = { id, query: queries.get(id) ?? "" };
  if (!Array.isArray(block.content)) {
    return { ...base, results: [], error: String(block.content?.error_code ?? "unknown_error") };
  }
  return {
    ...base,
    results: block.content
      .filter((r: Block) => r?.type === "web_search_result" && typeof r.url === "string")
      .map((r: Block) => ({
        title: String(r.title ?? r.url),
        url: String(r.url),
        ...(typeof r.page_age === "string" ? { pageAge: r.page_age } : {}),
      })),
  };
}
