/**
 * Token estimates for context budgeting, without the vendors' tokenizers.
 *
 * Method: characters per token by family (Latin text), plus one token per CJK character and a flat
 * cost per image and per message. Error margin: this is a heuristic, not measured against the
 * vendors' tokenizers in this repository; for English prose and code expect roughly ±20%, and it
 * deliberately errs high for CJK text. Budget with `agent.reserve_tokens` to absorb the error.
 */
import type { Context, Message } from "../core/mod.ts";
import type { ApiFamily } from "./types.ts";

/** Characters per token for Latin-script text, by API family. */
export const CHARS_PER_TOKEN: Record<ApiFamily, number> = {
  anthropic: 3.5,
  openai: 4,
  ollama: 3.8,
  gemini: 4,
  vertex: 4,
  claude_cli: 3.5,
  gemini_cli: 4,
  codex_cli: 4,
  local: 3.8,
};

/** Tokens charged per image (a typical ~1 megapixel image on Anthropic/OpenAI). */
export const IMAGE_TOKENS = 1600;
const MESSAGE_OVERHEAD = 4;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/** Estimated tokens of `text` for `family` (default openai). */
export function estimateTokens(text: string, family: ApiFamily = "openai"): number {
  if (!text) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  const rest = text.length - cjk;
  return Math.ceil(rest / CHARS_PER_TOKEN[family]) + cjk;
}

/** Estimated tokens of one message. */
export function estimateMessageTokens(message: Message, family: ApiFamily = "openai"): number {
  let tokens = MESSAGE_OVERHEAD;
  if (typeof message.content === "string") return tokens + estimateTokens(message.content, family);
  for (const part of message.content) {
    switch (part.type) {
      case "text":
      case "thinking":
        tokens += estimateTokens(part.text, family);
        break;
      case "image":
        tokens += IMAGE_TOKENS;
        break;
      case "tool_call":
        tokens += estimateTokens(part.name + part.arguments, family) + MESSAGE_OVERHEAD;
        break;
      case "tool_result":
        tokens += estimateTokens(part.content, family) + MESSAGE_OVERHEAD;
        break;
    }
  }
  return tokens;
}

/** Estimated tokens of a whole context: system prompt, tool schemas and messages. */
export function estimateContextTokens(context: Context, family: ApiFamily = "openai"): number {
  let tokens = estimateTokens((context.system ?? "") + (context.systemDynamic ?? ""), family);
  for (const tool of context.tools ?? []) {
    tokens += estimateTokens(
      tool.name + tool.description + JSON.stringify(tool.parameters),
      family,
    );
  }
  for (const m of context.messages) tokens += estimateMessageTokens(m, family);
  return tokens;
}
