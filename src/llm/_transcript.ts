/** Puts a transcript in the order every vendor requires: each tool call answered right after it. */
import type { Message, ToolMessage, ToolResultPart } from "../core/mod.ts";

/** Text given to the model for a tool call whose result was never recorded (e.g. interrupted). */
export const MISSING_RESULT = "The tool call was interrupted before it returned a result.";

/**
 * Returns the messages with every assistant tool call followed immediately by one tool message
 * holding its results in call order. Results are found wherever they are later in the transcript
 * (a result recorded after a user message, or split over several tool messages, is moved back);
 * missing ones get an error result and results without a call are dropped.
 */
export function normalizeTranscript(messages: Message[]): Message[] {
  const results = new Map<string, ToolResultPart>();
  for (const m of messages) {
    if (m.role === "tool") { for (const r of m.content) results.set(r.toolCallId, r); }
  }
  const out: Message[] = [];
  for (const m of messages) {
    if (m.role === "tool") continue;
    out.push(m);
    if (m.role !== "assistant") continue;
    const calls = m.content.filter((p) => p.type === "tool_call");
    if (!calls.length) continue;
    const answered: ToolMessage = {
      role: "tool",
      content: calls.map((c) =>
        results.get(c.id) ?? {
          type: "tool_result",
          toolCallId: c.id,
          name: c.name,
          content: MISSING_RESULT,
          isError: true,
        }
      ),
    };
    out.push(answered);
  }
  return out;
}

/** Parses a tool call's JSON arguments into an object; `{}` when empty or not an object. */
export function parseArguments(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** The joined system prompt (stable part first). */
export function systemText(system?: string, dynamic?: string): string {
  return [system, dynamic].filter((s) => s && s.trim()).join("\n\n");
}
