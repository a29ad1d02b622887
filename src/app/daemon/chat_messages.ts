/** Conversions between transcripts, the model's messages and the API's session views. */
import type { AssistantMessage as CoreAssistant, Message } from "../../core/mod.ts";
import { messageText, type TranscriptMessage } from "../../agent/mod.ts";
import type { ChatMessage, ChatSessionInfo } from "../../channels/http/mod.ts";

/** Converts transcript messages to the model's view (text only; tool traffic left out). */
export function toModelMessages(messages: readonly TranscriptMessage[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    if (m.role === "user") out.push({ role: "user", content: messageText(m.content) });
    else if (m.role === "assistant") {
      const text = messageText(m.content);
      if (text) out.push({ role: "assistant", content: [{ type: "text", text }] });
    }
  }
  return out;
}

/** The API's view of a session index entry. */
export function summary(
  s: {
    sessionId: string;
    title?: string;
    model?: string;
    createdAt: number;
    updatedAt: number;
    messageCount: number;
    totalTokens: number;
    costUsd: number;
  },
  isLive: boolean,
  model: string | undefined,
): ChatSessionInfo {
  return {
    id: s.sessionId,
    title: s.title,
    model: model ?? s.model,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    messageCount: s.messageCount,
    tokenCount: s.totalTokens,
    costUsd: s.costUsd,
    live: isLive,
  };
}

/** A transcript message as the API shows it (tool calls and results kept). */
export function chatMessage(m: TranscriptMessage): ChatMessage[] {
  if (m.role === "user") return [{ role: "user", content: messageText(m.content) }];
  if (m.role === "assistant") {
    const calls = m.content.flatMap((p) =>
      p.type === "toolCall"
        ? [{ id: p.id, name: p.name, arguments: JSON.stringify(p.arguments) }]
        : []
    );
    return [{
      role: "assistant",
      content: messageText(m.content),
      ...(calls.length ? { tool_calls: calls } : {}),
    }];
  }
  if (m.role === "toolResult") {
    return [{ role: "tool", content: messageText(m.content), tool_call_id: m.toolCallId }];
  }
  return [];
}

/** The transcript entry of a reply (partial when aborted, with the error when it failed). */
export function assistantEntry(
  model: string,
  r: { text: string; message?: CoreAssistant; error?: string },
  aborted: boolean,
  at: number,
): TranscriptMessage {
  const slash = model.indexOf("/");
  const u = r.message?.usage;
  return {
    role: "assistant",
    content: [{ type: "text", text: r.text }],
    api: "openai-completions",
    provider: slash > 0 ? model.slice(0, slash) : model,
    model: r.message?.model ?? model.slice(slash + 1),
    usage: {
      input: u?.input ?? 0,
      output: u?.output ?? 0,
      cacheRead: u?.cacheRead ?? 0,
      cacheWrite: u?.cacheWrite ?? 0,
      totalTokens: u?.total ?? 0,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: u?.cost ?? 0 },
    },
    stopReason: aborted ? "aborted" : r.error ? "error" : "stop",
    ...(r.error ? { errorMessage: r.error } : {}),
    timestamp: at,
  };
}
