/** Conversions from transcripts and the session index to the API's session views. */
import { messageText, type SessionIndexEntry, type TranscriptMessage } from "../../agent/mod.ts";
import type { ChatMessage, ChatSessionInfo } from "../../channels/http/mod.ts";

/** The API's view of a session index entry. */
export function summary(
  s: Pick<
    SessionIndexEntry,
    | "sessionId"
    | "title"
    | "model"
    | "createdAt"
    | "updatedAt"
    | "messageCount"
    | "totalTokens"
    | "costUsd"
  >,
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
      ...(m.webSearches?.length ? { web_searches: m.webSearches } : {}),
      ...(m.citations?.length ? { citations: m.citations } : {}),
    }];
  }
  if (m.role === "toolResult") {
    return [{ role: "tool", content: messageText(m.content), tool_call_id: m.toolCallId }];
  }
  return [];
}
