/** `sessions.json`: one summary per session (title, model, times, tokens, cost), saved atomically. */
import { join } from "node:path";
import { displayPrefix } from "../llm/mod.ts";
import { messageText, type TranscriptEntry } from "./transcript.ts";

/** The summary of one session kept in `sessions.json`. */
export interface SessionIndexEntry {
  sessionId: string;
  title?: string;
  /** `provider/model` of the latest reply or model change. */
  model?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  compactionCount: number;
  /** The transcript header's `kind` (e.g. `heartbeat`); absent for a conversation. */
  kind?: string;
}

/** The whole index: session id → entry. */
export type SessionIndex = Record<string, SessionIndexEntry>;

/** File name of the index inside the sessions folder. */
export const SESSION_INDEX_FILE = "sessions.json";

const TITLE_MAX = 60;

/** Reads the index; a missing file is empty, an unreadable one throws `SyntaxError`. */
export async function readSessionIndex(dir: string): Promise<SessionIndex> {
  const path = join(dir, SESSION_INDEX_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
  const value = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SyntaxError(`Cannot read "${path}": not a JSON object`);
  }
  return value as SessionIndex;
}

/** Writes the index atomically: a 0600 temp file, synced, then renamed over the old one. */
export async function writeSessionIndex(dir: string, index: SessionIndex): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, SESSION_INDEX_FILE);
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const file = await Deno.open(tmp, { createNew: true, write: true, mode: 0o600 });
  try {
    let data = new TextEncoder().encode(JSON.stringify(index, null, 2) + "\n");
    while (data.length > 0) data = data.subarray(await file.write(data));
    await file.syncData();
  } finally {
    file.close();
  }
  try {
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/** A fresh index entry for a new session. */
export function newIndexEntry(
  sessionId: string,
  createdAt: number,
  kind?: string,
): SessionIndexEntry {
  return {
    sessionId,
    ...(kind ? { kind } : {}),
    createdAt,
    updatedAt: createdAt,
    messageCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    costUsd: 0,
    compactionCount: 0,
  };
}

/** Folds one transcript entry into an index entry (pure; returns a new object). */
export function applyEntry(entry: SessionIndexEntry, added: TranscriptEntry): SessionIndexEntry {
  const next = { ...entry, updatedAt: Math.max(entry.updatedAt, Date.parse(added.timestamp) || 0) };
  if (added.type === "compaction") next.compactionCount++;
  if (added.type === "model_change") next.model = `${added.provider}/${added.modelId}`;
  if (added.type === "session_info" && added.name) next.title = added.name;
  if (added.type !== "message") return next;
  const message = added.message;
  if (message.role === "custom" && !message.display) return next;
  next.messageCount++;
  if (message.role === "user" && !next.title) {
    const text = messageText(message.content).replace(/\s+/g, " ").trim();
    if (text) next.title = text.length > TITLE_MAX ? text.slice(0, TITLE_MAX - 1) + "…" : text;
  }
  if (message.role === "assistant") {
    // The provider instance (`openai_compatible`) shown as users write it (`openai-compatible/`).
    next.model = `${displayPrefix(message.provider)}/${message.model}`;
    const usage = message.usage;
    if (usage) {
      next.inputTokens += usage.input ?? 0;
      next.outputTokens += usage.output ?? 0;
      next.totalTokens += usage.totalTokens ?? 0;
      next.costUsd += usage.cost?.total ?? 0;
    }
  }
  return next;
}

/** Builds an index entry from a whole transcript (for files missing from the index). */
export function summarizeEntries(
  sessionId: string,
  createdAt: number,
  entries: readonly TranscriptEntry[],
  kind?: string,
): SessionIndexEntry {
  return entries.reduce(applyEntry, newIndexEntry(sessionId, createdAt, kind));
}
