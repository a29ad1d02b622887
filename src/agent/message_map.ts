/**
 * The one mapping between transcript messages (on disk, pi/OpenClaw v3) and the LLM layer's
 * in-memory messages: image mimeType ↔ mediaType, thinking fields, tool-call arguments object ↔
 * JSON string, one toolResult message per call ↔ one grouped tool message, usage totalTokens ↔
 * total and cost.total ↔ cost, stop reason toolUse ↔ tool_use.
 */
import type {
  AssistantMessage as LlmAssistant,
  ImagePart,
  Message,
  StopReason as LlmStopReason,
  TextPart,
  ToolMessage,
  Usage,
  UserMessage as LlmUser,
} from "../core/mod.ts";
import type {
  AssistantMessage,
  ImageContent,
  StopReason,
  TextContent,
  ToolResultMessage,
  TranscriptMessage,
  TranscriptUsage,
  UserMessage,
} from "./transcript.ts";

/** Transcript messages → the messages sent to a model (custom messages become user text). */
export function toLlmMessages(messages: readonly TranscriptMessage[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    if (m.role === "toolResult") {
      const part = {
        type: "tool_result" as const,
        toolCallId: m.toolCallId,
        name: m.toolName,
        content: m.content.map((c) => (c.type === "text" ? c.text : "[image]")).join("\n"),
        ...(m.isError ? { isError: true } : {}),
      };
      const last = out.at(-1);
      if (last?.role === "tool") last.content.push(part);
      else out.push({ role: "tool", content: [part] });
    } else if (m.role === "user" || m.role === "custom") {
      out.push({ role: "user", content: userContent(m.content) });
    } else {
      const assistant = assistantToLlm(m);
      if (assistant.content.length) out.push(assistant);
    }
  }
  return out;
}

function userContent(content: UserMessage["content"]): LlmUser["content"] {
  if (typeof content === "string") return content;
  return content.map((c): TextPart | ImagePart =>
    c.type === "text"
      ? { type: "text", text: c.text }
      : { type: "image", mediaType: c.mimeType, data: c.data }
  );
}

function assistantToLlm(m: AssistantMessage): LlmAssistant {
  return {
    role: "assistant",
    content: m.content.map((c) => {
      if (c.type === "text") return { type: "text" as const, text: c.text };
      if (c.type === "thinking") {
        return {
          type: "thinking" as const,
          text: c.thinking,
          ...(c.thinkingSignature ? { signature: c.thinkingSignature } : {}),
          ...(c.redacted ? { redacted: true } : {}),
        };
      }
      return {
        type: "tool_call" as const,
        id: c.id,
        name: c.name,
        arguments: JSON.stringify(c.arguments ?? {}),
        ...(c.thoughtSignature ? { signature: c.thoughtSignature } : {}),
      };
    }),
    model: `${m.provider}/${m.model}`,
    usage: fromTranscriptUsage(m.usage),
    ...(m.webSearches?.length ? { webSearches: m.webSearches } : {}),
    ...(m.citations?.length ? { citations: m.citations } : {}),
  };
}

/** Transcript usage → LLM usage. */
export function fromTranscriptUsage(u: TranscriptUsage | undefined): Usage {
  return {
    input: u?.input ?? 0,
    output: u?.output ?? 0,
    cacheRead: u?.cacheRead ?? 0,
    cacheWrite: u?.cacheWrite ?? 0,
    total: u?.totalTokens ?? 0,
    ...(u?.cost && !u.costUnknown ? { cost: u.cost.total } : {}),
  };
}

/** LLM usage → transcript usage (cost split unknown: only `total` is set). */
export function toTranscriptUsage(u: Usage | undefined): TranscriptUsage {
  return {
    input: u?.input ?? 0,
    output: u?.output ?? 0,
    cacheRead: u?.cacheRead ?? 0,
    cacheWrite: u?.cacheWrite ?? 0,
    totalTokens: u?.total ?? 0,
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: u?.cost ?? 0 },
    ...(u !== undefined && u.cost === undefined ? { costUnknown: true as const } : {}),
  };
}

/** LLM stop reason → transcript stop reason. */
export function toTranscriptStop(reason: LlmStopReason | "error" | "aborted"): StopReason {
  return reason === "tool_use" ? "toolUse" : reason;
}

/** Transcript stop reason → LLM stop reason (`error`/`aborted` become `stop`). */
export function fromTranscriptStop(reason: StopReason): LlmStopReason {
  return reason === "toolUse" ? "tool_use" : reason === "length" ? "length" : "stop";
}

/** Where an assistant reply came from, for the transcript. */
export interface AssistantMeta {
  stopReason: LlmStopReason | "error" | "aborted";
  errorMessage?: string;
  /** API family (`openai`, `anthropic`, …); default `unknown`. */
  api?: string;
  /** `provider/model` when the message does not carry it. */
  model?: string;
  timestamp?: number;
}

/** An LLM assistant message → the transcript's assistant message. */
export function assistantToTranscript(m: LlmAssistant, meta: AssistantMeta): AssistantMessage {
  const id = m.model ?? meta.model ?? "unknown/unknown";
  const slash = id.indexOf("/");
  return {
    role: "assistant",
    content: m.content.map((c) => {
      if (c.type === "text") return { type: "text" as const, text: c.text };
      if (c.type === "thinking") {
        return {
          type: "thinking" as const,
          thinking: c.text,
          ...(c.signature ? { thinkingSignature: c.signature } : {}),
          ...(c.redacted ? { redacted: true } : {}),
        };
      }
      return {
        type: "toolCall" as const,
        id: c.id,
        name: c.name,
        arguments: parseArguments(c.arguments),
        ...(c.signature ? { thoughtSignature: c.signature } : {}),
      };
    }),
    api: meta.api ?? "unknown",
    provider: slash > 0 ? id.slice(0, slash) : id,
    model: slash > 0 ? id.slice(slash + 1) : id,
    usage: toTranscriptUsage(m.usage),
    stopReason: toTranscriptStop(meta.stopReason),
    ...(meta.errorMessage ? { errorMessage: meta.errorMessage } : {}),
    timestamp: meta.timestamp ?? Date.now(),
    ...(m.webSearches?.length ? { webSearches: m.webSearches } : {}),
    ...(m.citations?.length ? { citations: m.citations } : {}),
  };
}

/** An LLM tool message → one transcript toolResult message per call. */
export function toolResultsToTranscript(
  m: ToolMessage,
  timestamp = Date.now(),
): ToolResultMessage[] {
  return m.content.map((r) => ({
    role: "toolResult",
    toolCallId: r.toolCallId,
    toolName: r.name,
    content: [{ type: "text", text: r.content } as TextContent],
    isError: r.isError === true,
    timestamp,
  }));
}

/** An LLM user message → the transcript's user message. */
export function userToTranscript(m: LlmUser, timestamp = Date.now()): UserMessage {
  const content = typeof m.content === "string"
    ? m.content
    : m.content.map((c): TextContent | ImageContent =>
      c.type === "text"
        ? { type: "text", text: c.text }
        : { type: "image", data: c.data, mimeType: c.mediaType }
    );
  return { role: "user", content, timestamp };
}

/** Parses tool-call arguments; anything but a JSON object is kept under `_raw`. */
export function parseArguments(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}");
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // Malformed JSON from the model: kept verbatim below.
  }
  return { _raw: text };
}
