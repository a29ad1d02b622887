/**
 * The embedded provider: runs a GGUF model in-process through llama.cpp (node-llama-cpp, imported
 * on first use). `local/<name>` is `<models_dir>/<name>.gguf`; `local/<absolute path>.gguf` is that
 * file. Models with a chat template (GGUF metadata) go through node-llama-cpp's chat wrapper for
 * that template, with tool calls where it supports function calling; models without one get a
 * plain prompt (the messages' text, newest kept when it does not fit) and cannot call tools.
 */
import { isAbsolute, join } from "node:path";
import type {
  ChatHistoryItem,
  ChatModelFunctions,
  ChatModelResponse,
  GbnfJsonSchema,
} from "node-llama-cpp";
import { type Context, type Message, ProviderError, type StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { normalizeTranscript, parseArguments, systemText } from "../_transcript.ts";
import { listLocalModels } from "../local_models.ts";
import type { Provider, StreamOptions } from "../types.ts";
import { type LoadedModel, type LoadSettings, withModel } from "./_llama_runtime.ts";

/** Settings of the local provider. */
export interface LocalOptions {
  name?: string;
  /** Folder of `<name>.gguf` files. */
  modelsDir: string;
  contextSize?: number;
  threads?: number;
  /** Default `auto`. */
  gpu?: string;
}

/** The GGUF file a `local/` model name stands for; throws ProviderError for an unsafe name. */
export function localModelPath(model: string, modelsDir: string): string {
  if (isAbsolute(model)) return model;
  if (!model || /[\\/]/.test(model) || model.startsWith(".")) {
    throw new ProviderError(
      "invalid_request",
      `Cannot find local model "${model}": use local/<name> for <name>.gguf in "${modelsDir}" ` +
        "or local/<absolute path>.gguf",
      { retryable: false },
    );
  }
  return join(modelsDir, model.endsWith(".gguf") ? model : `${model}.gguf`);
}

/** Creates the local provider. */
export function createLocalProvider(options: LocalOptions): Provider {
  const name = options.name ?? "local";
  const settings: LoadSettings = {
    contextSize: options.contextSize,
    threads: options.threads,
    gpu: options.gpu === "off" ? "off" : "auto",
  };
  return {
    name,
    api: "local",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "local", model, signal: opts.signal },
        () => generate(localModelPath(model, options.modelsDir), settings, context, opts),
      );
    },
    async listModels(): Promise<string[]> {
      return (await listLocalModels(options.modelsDir)).map((m) => m.name);
    },
  };
}

/** A queue of events filled by callbacks and drained by an async generator. */
function channel<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: unknown;
  return {
    push(item: T) {
      items.push(item);
      wake?.();
    },
    end(error?: unknown) {
      ended = true;
      failure = error;
      wake?.();
    },
    async *drain(): AsyncGenerator<T> {
      while (true) {
        if (items.length) {
          yield items.shift()!;
          continue;
        }
        if (ended) {
          if (failure !== undefined) throw failure;
          return;
        }
        await new Promise<void>((ok) => wake = ok);
        wake = undefined;
      }
    },
  };
}

/** Holds the model for the whole generation and streams its events. */
function generate(
  path: string,
  settings: LoadSettings,
  context: Context,
  opts: StreamOptions,
): AsyncIterable<RawEvent> {
  const events = channel<RawEvent>();
  withModel(
    path,
    settings,
    (loaded) =>
      loaded.hasChatTemplate
        ? chatTurn(loaded, context, opts, events.push)
        : plainTurn(loaded, context, opts, events.push),
  )
    .then(() => events.end(), (error) => events.end(error));
  return events.drain();
}

/** Greedy (or `temperature`) completion of the joined messages, for models without a template. */
async function plainTurn(
  loaded: LoadedModel,
  context: Context,
  opts: StreamOptions,
  emit: (e: RawEvent) => void,
): Promise<void> {
  const { model, sequence, contextSize } = loaded;
  const maxTokens = Math.min(opts.maxTokens ?? 4096, Math.floor(contextSize / 2));
  const all = model.tokenize(plainPrompt(context));
  const room = contextSize - maxTokens - 1;
  const input = all.length > room ? all.slice(all.length - room) : all;
  await sequence.clearHistory();
  const out: typeof all = [];
  let sent = "";
  let stopReason: "stop" | "length" = "length";
  for await (const token of sequence.evaluate(input, { temperature: opts.temperature ?? 0 })) {
    if (opts.signal?.aborted) break;
    if (model.isEogToken(token)) {
      stopReason = "stop";
      break;
    }
    out.push(token);
    const text = model.detokenize(out);
    // A multi-byte character split over tokens decodes as U+FFFD until its last byte arrives.
    if (!text.endsWith("\uFFFD") && text.length > sent.length) {
      emit({ type: "text_delta", text: text.slice(sent.length) });
      sent = text;
    }
    if (out.length >= maxTokens) break;
  }
  emit({ type: "usage", usage: { input: input.length, output: out.length } });
  emit({ type: "end", stopReason });
}

/** The plain prompt: system text, then each message's text, separated by blank lines. */
export function plainPrompt(context: Context): string {
  const parts = [systemText(context.system, context.systemDynamic)];
  for (const m of normalizeTranscript(context.messages)) parts.push(messageText(m));
  return parts.map((p) => p.trim()).filter(Boolean).join("\n\n");
}

function messageText(m: Message): string {
  if (m.role === "tool") return m.content.map((r) => r.content).join("\n");
  if (typeof m.content === "string") return m.content;
  return m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** One reply through the model's chat template, with its function calling for `context.tools`. */
async function chatTurn(
  loaded: LoadedModel,
  context: Context,
  opts: StreamOptions,
  emit: (e: RawEvent) => void,
): Promise<void> {
  const chat = await loaded.chat();
  const before = loaded.sequence.tokenMeter.getState();
  const functions = toFunctions(context);
  let output = 0;
  const result = await chat.generateResponse(toChatHistory(context), {
    signal: opts.signal,
    maxTokens: opts.maxTokens ?? 4096,
    temperature: opts.temperature ?? 0,
    ...(functions ? { functions } : {}),
    onToken: (tokens) => void (output += tokens.length),
    onResponseChunk: (chunk) => {
      if (!chunk.text) return;
      if (chunk.type === "segment") {
        if (chunk.segmentType === "thought") emit({ type: "thinking_delta", text: chunk.text });
      } else emit({ type: "text_delta", text: chunk.text });
    },
  }).catch((error) => {
    throw /fits the context size|too long prompt|too long for the context/i.test(
        String(error?.message),
      )
      ? new ProviderError(
        "context_overflow",
        `Cannot stream from "local": the conversation does not fit the model's context of ` +
          `${loaded.contextSize} tokens (providers.local.context_size)`,
        { cause: error, retryable: false },
      )
      : error;
  });
  for (const [i, call] of (result.functionCalls ?? []).entries()) {
    emit({
      type: "tool_call",
      call: {
        type: "tool_call",
        id: `call_${Date.now().toString(36)}_${i}`,
        name: call.functionName,
        arguments: JSON.stringify(call.params ?? {}),
      },
    });
  }
  const after = loaded.sequence.tokenMeter.getState();
  emit({
    type: "usage",
    usage: { input: after.usedInputTokens - before.usedInputTokens, output },
  });
  emit({ type: "end", stopReason: result.metadata.stopReason === "maxTokens" ? "length" : "stop" });
}

/** The transcript as node-llama-cpp chat history: tool results attach to their calls. */
export function toChatHistory(context: Context): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const system = systemText(context.system, context.systemDynamic);
  if (system) history.push({ type: "system", text: system });
  let open: ChatModelResponse | undefined;
  for (const m of normalizeTranscript(context.messages)) {
    if (m.role === "user") {
      history.push({ type: "user", text: messageText(m) });
      open = undefined;
    } else if (m.role === "assistant") {
      // A reply after tool results continues the same model turn, as chat templates expect.
      if (!open) history.push(open = { type: "model", response: [] });
      for (const p of m.content) {
        if (p.type === "text" && p.text) open.response.push(p.text);
        if (p.type === "tool_call") {
          open.response.push({
            type: "functionCall",
            name: p.name,
            params: parseArguments(p.arguments),
            result: undefined,
          });
        }
      }
    } else if (open) {
      for (const r of m.content) {
        const call = open.response.findLast((item) =>
          typeof item === "object" && item.type === "functionCall" && item.name === r.name &&
          item.result === undefined
        );
        if (call && typeof call === "object" && call.type === "functionCall") {
          call.result = r.content;
        }
      }
    }
  }
  // The reply is generated into the last model turn: a new one, or the one awaiting tool results.
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  return history;
}

/** Tool specs as node-llama-cpp functions (their schemas reduced to what its grammar supports). */
function toFunctions(context: Context): ChatModelFunctions | undefined {
  if (!context.tools?.length) return undefined;
  return Object.fromEntries(
    context.tools.map((t) => [t.name, {
      description: t.description,
      params: toGbnfSchema(t.parameters) as GbnfJsonSchema,
    }]),
  );
}

const KEPT = new Set(["type", "description", "enum", "const", "minItems", "maxItems", "format"]);

/** A JSON Schema reduced to the keywords node-llama-cpp's grammar understands. */
export function toGbnfSchema(schema: unknown): unknown {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return {};
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (KEPT.has(k)) out[k] = v;
  if (Array.isArray(s.type)) out.type = s.type.filter((t) => typeof t === "string");
  if (s.properties && typeof s.properties === "object") {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, toGbnfSchema(v)]),
    );
    if (Array.isArray(s.required)) out.required = s.required;
  }
  if (s.items) out.items = toGbnfSchema(s.items);
  for (const k of ["anyOf", "oneOf"]) {
    if (Array.isArray(s[k])) out[k] = (s[k] as unknown[]).map(toGbnfSchema);
  }
  if (out.type === "object" && !out.properties) out.additionalProperties = true;
  return out;
}
