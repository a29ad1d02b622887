/** Sessions as markdown (pure): `/export`, the `/new` memory note, post-compaction refresh. */
import { messageText, type TranscriptMessage } from "./transcript.ts";

/** Options for `sessionMemoryNote()` (config `memory.session_max_messages`, `session_max_chars`). */
export interface SessionMemoryOptions {
  sessionId: string;
  now: Date;
  /** Last user/assistant messages kept (default 15). */
  maxMessages?: number;
  /** Characters of conversation kept; 0 = no limit (default 0). */
  maxChars?: number;
  /** Where the conversation happened, e.g. `cli`. */
  source?: string;
}

/** A note to write into the workspace. */
export interface MemoryNote {
  /** Path relative to the workspace: `memory/YYYY-MM-DD-<slug>.md`. */
  path: string;
  content: string;
}

/** The first 4 words of `text`, lowercase-hyphen, at most 30 characters. */
export function sessionSlug(text: string): string {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, " ").split(/\s+/).filter(Boolean);
  return words.slice(0, 4).join("-").slice(0, 30).replace(/-+$/, "");
}

/** The reply that means "nothing to say" (system prompt, memory flush); never shown as text. */
export const SILENT_REPLY = "NO_REPLY";

function conversation(messages: readonly TranscriptMessage[]) {
  return messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as "user" | "assistant", text: messageText(m.content).trim() }))
    .filter((m) => m.text !== "" && !(m.role === "assistant" && m.text === SILENT_REPLY));
}

/** The `/new` note: the last user/assistant messages under a dated header (OpenClaw's format). */
export function sessionMemoryNote(
  messages: readonly TranscriptMessage[],
  options: SessionMemoryOptions,
): MemoryNote {
  const turns = conversation(messages).slice(-(options.maxMessages ?? 15));
  const iso = options.now.toISOString();
  const firstUser = turns.find((t) => t.role === "user")?.text ?? "";
  const slug = sessionSlug(firstUser) || iso.slice(11, 16).replace(":", "");
  let body = turns.map((t) => `**${t.role === "user" ? "User" : "Assistant"}**: ${t.text}`)
    .join("\n\n");
  const maxChars = options.maxChars ?? 0;
  if (maxChars > 0 && body.length > maxChars) body = "…" + body.slice(body.length - maxChars);
  const content = [
    `# Session: ${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`,
    "",
    `- **Session ID**: ${options.sessionId}`,
    `- **Source**: ${options.source ?? "cli"}`,
    "",
    "## Conversation",
    "",
    body,
    "",
  ].join("\n");
  return { path: `memory/${iso.slice(0, 10)}-${slug}.md`, content };
}

/** The conversation as markdown for `/export`: headings per speaker, tool calls as notes. */
export function transcriptToMarkdown(
  messages: readonly TranscriptMessage[],
  title = "Conversation",
): string {
  const out = [`# ${title}`, ""];
  for (const m of messages) {
    if (m.role === "user") out.push("## User", "", messageText(m.content).trim(), "");
    else if (m.role === "assistant") {
      const said = messageText(m.content).trim();
      const text = said === SILENT_REPLY ? "" : said;
      const calls = m.content.filter((p) => p.type === "toolCall");
      if (!text && calls.length === 0) continue;
      out.push("## Assistant", "");
      if (text) out.push(text, "");
      for (const call of calls) {
        if (call.type === "toolCall") {
          out.push(`> tool \`${call.name}\` ${JSON.stringify(call.arguments)}`, "");
        }
      }
    }
  }
  return out.join("\n");
}

/**
 * The `## Session Startup` / `## Red Lines` (configurable) sections of AGENTS.md for the
 * post-compaction refresh: H2 or H3 headings matched case-insensitively, fenced code skipped,
 * capped at `maxChars` (default 3000). "" when none is found.
 */
export function postCompactionRefresh(
  agentsMd: string,
  headings: readonly string[],
  maxChars = 3000,
): string {
  const wanted = new Set(headings.map((h) => h.trim().toLowerCase()));
  const lines = agentsMd.replace(/\r\n?/g, "\n").split("\n");
  const sections: string[] = [];
  let current: string[] | undefined;
  let level = 0;
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const heading = fence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const depth = heading[1].length;
      if (current && depth <= level) {
        sections.push(current.join("\n").trim());
        current = undefined;
      }
      if (!current && (depth === 2 || depth === 3) && wanted.has(heading[2].toLowerCase())) {
        current = [line];
        level = depth;
        continue;
      }
    }
    current?.push(line);
  }
  if (current) sections.push(current.join("\n").trim());
  if (sections.length === 0) return "";
  let text = sections.join("\n\n");
  if (text.length > maxChars) text = text.slice(0, maxChars - 1) + "…";
  return "[Post-compaction context refresh]\nThe conversation was compacted. Re-read and follow " +
    "these sections of AGENTS.md, and re-run your session startup sequence:\n\n" + text;
}
