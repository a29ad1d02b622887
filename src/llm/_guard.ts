/** Wraps an adapter's raw generator into a Provider stream that never throws and always ends once. */
import {
  type AssistantMessage,
  type Citation,
  type NativeSearch,
  ProviderError,
  type StopReason,
  type StreamEvent,
  type ToolCallPart,
  type Usage,
} from "../core/mod.ts";
import { toProviderError } from "./errors.ts";
import { priceUsage } from "./catalog.ts";
import type { ApiFamily } from "./types.ts";

/** What an adapter yields: deltas, finished tool calls, partial usage, then one `end`. */
export type RawEvent =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  | { type: "thinking_signature"; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_call"; call: ToolCallPart }
  | { type: "web_search"; search: NativeSearch }
  | { type: "citation"; citation: Citation }
  | { type: "usage"; usage: Partial<Usage> }
  | { type: "end"; stopReason?: StopReason; sessionId?: string };

/** Identifies the call being guarded. */
export interface GuardInfo {
  provider: string;
  api: ApiFamily;
  model: string;
  signal?: AbortSignal;
}

/** Runs `raw` and turns it into public events: start first, usage with cost, then done or error. */
export async function* guardStream(
  info: GuardInfo,
  raw: () => AsyncIterable<RawEvent>,
): AsyncGenerator<StreamEvent> {
  yield { type: "start", provider: info.provider, model: info.model };
  const message: AssistantMessage = { role: "assistant", content: [], model: id(info) };
  const usage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };
  let sawUsage = false;
  try {
    if (info.signal?.aborted) throw info.signal.reason ?? new DOMException("aborted", "AbortError");
    for await (const event of untilAborted(raw(), info.signal)) {
      switch (event.type) {
        case "text_delta":
        case "thinking_delta": {
          if (!event.text) break;
          appendDelta(message, event.type === "text_delta" ? "text" : "thinking", event.text);
          yield event;
          break;
        }
        case "thinking_signature": {
          const last = message.content.at(-1);
          if (last?.type === "thinking") last.signature = event.signature;
          else message.content.push({ type: "thinking", text: "", signature: event.signature });
          break;
        }
        case "redacted_thinking":
          message.content.push({
            type: "thinking",
            text: "",
            signature: event.data,
            redacted: true,
          });
          break;
        case "tool_call":
          message.content.push(event.call);
          yield event;
          break;
        case "web_search":
          (message.webSearches ??= []).push(event.search);
          yield event;
          break;
        case "citation": {
          const cited = message.citations ??= [];
          if (!cited.some((c) => c.url === event.citation.url)) cited.push(event.citation);
          break;
        }
        case "usage":
          sawUsage = true;
          for (const [k, v] of Object.entries(event.usage) as [keyof Usage, number][]) {
            if (typeof v === "number" && v > 0) usage[k] = v;
          }
          break;
        case "end": {
          if (info.signal?.aborted) throw new DOMException("aborted", "AbortError");
          if (sawUsage) {
            const final = finishUsage(usage, info);
            message.usage = final;
            yield { type: "usage", usage: final };
          }
          const hasCalls = message.content.some((p) => p.type === "tool_call");
          const stopReason = hasCalls ? "tool_use" : event.stopReason ?? "stop";
          yield { type: "done", stopReason, message, sessionId: event.sessionId };
          return;
        }
      }
    }
    if (info.signal?.aborted) throw new DOMException("aborted", "AbortError");
    throw new ProviderError(
      "network",
      `Cannot stream from "${info.provider}": the stream ended before the reply was complete`,
    );
  } catch (error) {
    const aborted = info.signal?.aborted;
    yield {
      type: "error",
      error: aborted
        ? new ProviderError("aborted", `Cannot stream from "${info.provider}": aborted`, {
          cause: error,
        })
        : toProviderError(info.provider, error),
    };
  }
}

function appendDelta(message: AssistantMessage, kind: "text" | "thinking", text: string): void {
  const last = message.content.at(-1);
  if (last?.type === kind && !(kind === "thinking" && "signature" in last && last.signature)) {
    last.text += text;
  } else if (kind === "text") message.content.push({ type: "text", text });
  else message.content.push({ type: "thinking", text });
}

function finishUsage(usage: Usage, info: GuardInfo): Usage {
  const total = usage.total || usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
  const out: Usage = { ...usage, total };
  const cost = priceUsage(info.api, info.model, out);
  if (cost !== undefined) out.cost = cost;
  return out;
}

function id(info: GuardInfo): string {
  return `${info.provider}/${info.model}`;
}

const ABORTED = Symbol("aborted");

/**
 * Iterates `source` but stops waiting as soon as `signal` aborts, even if the adapter is blocked
 * (a server that never sends another byte); the adapter is then told to return in the background.
 */
async function* untilAborted<T>(
  source: AsyncIterable<T>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  if (!signal) return yield* source;
  const iterator = source[Symbol.asyncIterator]();
  const { promise: aborted, resolve } = Promise.withResolvers<typeof ABORTED>();
  const onAbort = () => resolve(ABORTED);
  signal.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === ABORTED) throw new DOMException("aborted", "AbortError");
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!finished) iterator.return?.(undefined).catch(() => {});
  }
}
