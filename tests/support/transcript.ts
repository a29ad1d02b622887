/** Builders of transcript messages for tests (pi v3 shapes). */
import type { AssistantMessage, ToolResultMessage, UserMessage } from "../../src/agent/mod.ts";

/** A user message with plain text. */
export function userMessage(text: string, timestamp = 1_772_000_000_000): UserMessage {
  return { role: "user", content: text, timestamp };
}

/** An assistant text reply with usage. */
export function assistantMessage(
  text: string,
  options: { input?: number; output?: number; cost?: number; toolCall?: string } = {},
): AssistantMessage {
  const input = options.input ?? 10;
  const output = options.output ?? 5;
  const cost = options.cost ?? 0.001;
  return {
    role: "assistant",
    content: [
      { type: "text", text },
      ...(options.toolCall
        ? [{
          type: "toolCall" as const,
          id: "call_1",
          name: options.toolCall,
          arguments: { path: "a.md" },
        }]
        : []),
    ],
    api: "openai-completions",
    provider: "openai",
    model: "gpt-test",
    usage: {
      input,
      output,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: input + output,
      cost: { input: cost / 2, output: cost / 2, cacheRead: 0, cacheWrite: 0, total: cost },
    },
    stopReason: options.toolCall ? "toolUse" : "stop",
    timestamp: 1_772_000_000_000,
  };
}

/** A successful tool result. */
export function toolResult(text: string, toolName = "read_file"): ToolResultMessage {
  return {
    role: "toolResult",
    toolCallId: "call_1",
    toolName,
    content: [{ type: "text", text }],
    isError: false,
    timestamp: 1_772_000_000_000,
  };
}
