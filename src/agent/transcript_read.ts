/** Reading a transcript: tolerant JSONL parsing, v1/v2 migration and the current context path. */
import {
  type CompactionEntry,
  ENTRY_TYPES,
  type SessionHeader,
  type TranscriptEntry,
  type TranscriptMessage,
} from "./transcript.ts";

/** A parsed transcript file. */
export interface ParsedTranscript {
  header: SessionHeader;
  /** Entries in file order, migrated to v3 shape. */
  entries: TranscriptEntry[];
  /** Lines skipped (bad JSON in the middle, unknown entry types), with their line numbers. */
  warnings: string[];
  /** True when the last line was cut off (e.g. the process was killed mid-write). */
  truncatedTail: boolean;
  /** Length in bytes of the well-formed prefix: where the next append must start. */
  validBytes: number;
  /** True when the well-formed prefix does not end with a newline. */
  needsNewline: boolean;
}

/** The model's view of a session: the leaf's path, after the latest compaction. */
export interface SessionContext {
  messages: TranscriptMessage[];
  /** Id of the entry each message came from (parallel to `messages`). */
  entryIds: string[];
  /** The summary of the compacted part, when there was a compaction. */
  summary?: string;
  model?: { provider: string; modelId: string };
  thinkingLevel?: string;
  /** Id of the last entry: the parent of the next append. */
  leafId: string | null;
}

const encoder = new TextEncoder();

/** Parses transcript text; throws `SyntaxError` when the first line is not a session header. */
export function parseTranscript(text: string): ParsedTranscript {
  const warnings: string[] = [];
  const lines = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  let validChars = 0;
  let truncatedTail = false;
  let header: SessionHeader | undefined;
  const raw: Record<string, unknown>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isLast = i === lines.length - 1;
    if (isLast && line === "") break;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isLast && !endsWithNewline) {
        truncatedTail = true;
        break;
      }
      if (line.trim() !== "") warnings.push(`line ${i + 1}: not valid JSON; skipped`);
      validChars += line.length + 1;
      continue;
    }
    validChars += line.length + (isLast ? 0 : 1);
    if (!isRecord(value)) {
      warnings.push(`line ${i + 1}: not a JSON object; skipped`);
    } else if (!header) {
      if (value.type !== "session") {
        throw new SyntaxError(`line ${i + 1}: expected the session header, got "${value.type}"`);
      }
      header = value as unknown as SessionHeader;
    } else if (typeof value.type === "string" && ENTRY_TYPES.has(value.type)) {
      raw.push(value);
    } else warnings.push(`line ${i + 1}: unknown entry type "${value.type}"; skipped`);
  }
  if (!header) throw new SyntaxError("the file has no session header");
  const prefix = text.slice(0, validChars);
  return {
    header,
    entries: migrateEntries(header.version ?? 1, raw),
    warnings,
    truncatedTail,
    validBytes: encoder.encode(prefix).length,
    needsNewline: prefix.length > 0 && !prefix.endsWith("\n"),
  };
}

/** Brings v1/v2 entries to the v3 shape: ids and parents for v1, `hookMessage` → `custom`. */
function migrateEntries(version: number, raw: Record<string, unknown>[]): TranscriptEntry[] {
  // v1 `firstKeptEntryIndex` counts file lines with the header at 0; ids are derived from the
  // line so they stay the same on every load and new entries can point at them.
  let previous: string | null = null;
  const ids = raw.map((entry, i) => typeof entry.id === "string" ? entry.id : v1Id(i + 1));
  return raw.map((entry, i) => {
    const out = { ...entry } as Record<string, unknown>;
    if (typeof out.id !== "string") {
      out.id = ids[i];
      out.parentId = previous;
    } else if (out.parentId === undefined) out.parentId = previous;
    previous = out.id as string;
    if (typeof out.timestamp !== "string") out.timestamp = new Date(0).toISOString();
    if (out.type === "compaction" && typeof out.firstKeptEntryIndex === "number") {
      out.firstKeptEntryId = ids[out.firstKeptEntryIndex - 1] ?? ids[0];
      delete out.firstKeptEntryIndex;
    }
    if (version < 3 && out.type === "message" && isRecord(out.message)) {
      if (out.message.role === "hookMessage") out.message = { ...out.message, role: "custom" };
    }
    return out as unknown as TranscriptEntry;
  });
}

function v1Id(line: number): string {
  return line.toString(16).padStart(8, "0");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entries from the root to `leafId` (default: the last entry in the file). */
export function branchPath(
  entries: readonly TranscriptEntry[],
  leafId?: string,
): TranscriptEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const path: TranscriptEntry[] = [];
  let current = leafId ? byId.get(leafId) : entries.at(-1);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path.reverse();
}

/** What the model sees of a session: the path's messages after the latest compaction. */
export function buildSessionContext(
  entries: readonly TranscriptEntry[],
  leafId?: string,
): SessionContext {
  const path = branchPath(entries, leafId);
  const context: SessionContext = { messages: [], entryIds: [], leafId: path.at(-1)?.id ?? null };
  let start = 0;
  let compaction: CompactionEntry | undefined;
  path.forEach((entry, i) => {
    if (entry.type === "compaction") {
      compaction = entry;
      start = i;
    }
  });
  if (compaction) {
    context.summary = compaction.summary;
    const kept = path.findIndex((e) => e.id === compaction!.firstKeptEntryId);
    if (kept >= 0 && kept < start) start = kept;
  }
  for (const entry of path.slice(start)) {
    if (entry === compaction) continue;
    if (entry.type === "compaction") continue;
    if (entry.type === "message") context.messages.push(entry.message);
    else if (entry.type !== "custom_message" && entry.type !== "branch_summary") continue;
    context.entryIds.push(entry.id);
    if (entry.type === "custom_message") {
      context.messages.push({
        role: "custom",
        customType: entry.customType,
        content: entry.content,
        display: entry.display,
        details: entry.details,
        timestamp: Date.parse(entry.timestamp),
      });
    } else if (entry.type === "branch_summary") {
      context.messages.push({
        role: "custom",
        customType: "branch_summary",
        content: entry.summary,
        display: false,
        timestamp: Date.parse(entry.timestamp),
      });
    }
  }
  for (const entry of path) {
    if (entry.type === "model_change") {
      context.model = { provider: entry.provider, modelId: entry.modelId };
    } else if (entry.type === "thinking_level_change") context.thinkingLevel = entry.thinkingLevel;
  }
  return context;
}
