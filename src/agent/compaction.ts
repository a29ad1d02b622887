/** Compaction: when to flush memory and compact, where to cut, and the summarising call. */
import type { StreamFn } from "../llm/mod.ts";
import { transcriptToMarkdown } from "./session_markdown.ts";
import type { TranscriptMessage } from "./transcript.ts";

/** Tokens kept for the per-call security block (the reference's 1200). */
export const SECURITY_BLOCK_TOKENS = 1200;
/** The flush runs this many tokens before the hard limit (OpenClaw `softThresholdTokens`). */
export const FLUSH_SOFT_TOKENS = 4000;
/** Messages kept verbatim by a compaction. */
export const KEEP_RECENT_MESSAGES = 4;

/** The hard limit (compact at or above) and the soft limit (flush memory at or above). */
export function contextLimits(contextWindow: number, reserveTokens: number): {
  hard: number;
  soft: number;
} {
  const hard = Math.max(1, contextWindow - reserveTokens - SECURITY_BLOCK_TOKENS);
  return { hard, soft: hard - Math.min(FLUSH_SOFT_TOKENS, Math.floor(hard / 4)) };
}

/** The hidden user turn before compaction (OpenClaw's default prompt, date filled in). */
export function memoryFlushPrompt(date: string, time: string, timeZone: string): string {
  return `Pre-compaction memory flush. Store durable memories now (use memory/${date}.md; create ` +
    "memory/ if needed). IMPORTANT: If the file already exists, APPEND new content only and do " +
    "not overwrite existing entries. If nothing to store, reply with NO_REPLY.\n" +
    `Current time: ${date} ${time} (${timeZone})`;
}

/** Extra system text of the flush turn. */
export const MEMORY_FLUSH_SYSTEM = "Pre-compaction memory flush turn. The session is near " +
  "auto-compaction; capture durable memories to disk. You may reply, but usually NO_REPLY is " +
  "correct.";

/**
 * Index of the first kept message: the last `keep` messages, moved back so the kept part never
 * starts with a tool result (its call must stay with it). 0 means nothing to compact.
 */
export function compactionCut(
  messages: readonly TranscriptMessage[],
  keep = KEEP_RECENT_MESSAGES,
): number {
  let cut = Math.max(0, messages.length - keep);
  while (cut > 0 && messages[cut].role === "toolResult") cut--;
  return cut;
}

/** The summarising request's instruction (the reference's wording). */
export const SUMMARY_PROMPT =
  "Summarize the following conversation concisely, preserving key information and context:";

/** Asks the model for a summary of `older` (and the previous summary); throws on failure. */
export async function summarizeMessages(
  stream: StreamFn,
  older: readonly TranscriptMessage[],
  options: { previousSummary?: string; signal?: AbortSignal; maxTokens?: number } = {},
): Promise<string> {
  const previous = options.previousSummary
    ? `Summary of the conversation before this part:\n${options.previousSummary}\n\n`
    : "";
  const text = `${SUMMARY_PROMPT}\n\n${previous}${transcriptToMarkdown(older, "Conversation")}`;
  let out = "";
  for await (
    const event of stream(
      {
        system: "You write faithful, compact summaries of conversations.",
        messages: [{ role: "user", content: text }],
      },
      { signal: options.signal, maxTokens: options.maxTokens },
    )
  ) {
    if (event.type === "text_delta") out += event.text;
    if (event.type === "done" && !out) {
      out = event.message.content.map((p) => (p.type === "text" ? p.text : "")).join("");
    }
    if (event.type === "error") throw event.error;
  }
  if (!out.trim()) throw new Error("Cannot compact: the model returned an empty summary");
  return out.trim();
}
