/**
 * Session transcripts as search chunks (pure). A transcript is the agent's JSONL file; only
 * `message` entries of role user and assistant count, their text parts joined and whitespace
 * collapsed, each cut to `MESSAGE_CHARS`. A chunk holds `EXCHANGES_PER_CHUNK` exchanges (a user
 * message and the replies up to the next one) as `User: …` / `Assistant: …` lines; its line range
 * is the range of JSONL lines it came from. The last chunk stays open until the exchange after it
 * starts, so appended messages extend it.
 */
import { type Chunk, sha256 } from "./chunker.ts";

/** Characters kept of each message. */
export const MESSAGE_CHARS = 500;

/** Exchanges (user message plus replies) per chunk. */
export const EXCHANGES_PER_CHUNK = 3;

/** One user or assistant message of a transcript. */
export interface SessionMessage {
  role: "user" | "assistant";
  text: string;
  /** 1-based JSONL line. */
  line: number;
}

/** The searchable message of one JSONL line, if it is one; never throws. */
export function parseSessionLine(line: string, lineNumber: number): SessionMessage | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(entry) || entry.type !== "message" || !isObject(entry.message)) return undefined;
  const { role, content } = entry.message;
  if (role !== "user" && role !== "assistant") return undefined;
  const text = contentText(content).replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  const cut = text.length > MESSAGE_CHARS ? text.slice(0, MESSAGE_CHARS - 1) + "…" : text;
  return { role, text: cut, line: lineNumber };
}

/** The `kind` of a session from its header line (`"heartbeat"`, …); undefined when absent. */
export function sessionKind(headerLine: string): string | undefined {
  try {
    const header = JSON.parse(headerLine);
    return isObject(header) && typeof header.kind === "string" ? header.kind : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits messages into chunks: every chunk but the last is complete (it holds
 * `EXCHANGES_PER_CHUNK` exchanges); `open` is the last one's messages, to be continued.
 */
export function groupExchanges(
  messages: readonly SessionMessage[],
): { closed: SessionMessage[][]; open: SessionMessage[] } {
  const groups: SessionMessage[][] = [];
  let current: SessionMessage[] = [];
  let exchanges = 0;
  for (const message of messages) {
    if (message.role === "user" || current.length === 0) {
      if (exchanges === EXCHANGES_PER_CHUNK) {
        groups.push(current);
        current = [];
        exchanges = 0;
      }
      exchanges++;
    }
    current.push(message);
  }
  return { closed: groups, open: current };
}

/** The chunk of a group of messages. */
export function sessionChunk(messages: readonly SessionMessage[]): Chunk {
  const text = messages
    .map((m) => `${m.role === "user" ? "User" : "Assistant"}: ${m.text}`)
    .join("\n");
  return {
    text,
    startLine: messages[0].line,
    endLine: messages[messages.length - 1].line,
    headings: [],
    hash: sha256(text),
  };
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) =>
      isObject(part) && part.type === "text" && typeof part.text === "string" ? part.text : ""
    )
    .filter(Boolean)
    .join(" ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
