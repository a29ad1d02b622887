/**
 * Incremental indexing of session transcripts (`<sessions_dir>/*.jsonl`, `memory.index_sessions`).
 * Transcripts only grow, so each file is read from where the last sync stopped: only the bytes
 * appended since then are read. A file that shrank, or whose header line or last read line
 * changed, was rewritten and is indexed again from the start. Sessions of kind `heartbeat` (in
 * the header line or in `sessions.json`) are left out unless asked for.
 */
import { join } from "node:path";
import { readRange } from "../core/mod.ts";
import { sha256 } from "./chunker.ts";
import { type MemoryIndex, type SessionFileRow, SESSIONS_SOURCE } from "./memory_index.ts";
import {
  groupExchanges,
  parseSessionLine,
  sessionChunk,
  sessionKind,
  type SessionMessage,
} from "./session_chunks.ts";

/** Options of `syncSessions()`. */
export interface SessionSyncOptions {
  /** The agent's sessions folder (`<state_dir>/agents/<agent>/sessions`). */
  dir: string;
  /** Index heartbeat sessions too. Default: false. */
  includeHeartbeat?: boolean;
  signal?: AbortSignal;
}

/** What a session sync did. */
export interface SessionSyncResult {
  /** Transcripts found. */
  scanned: number;
  /** Transcripts read (in part or in full). */
  changed: number;
  /** Transcripts read again from the start because they were rewritten. */
  reread: number;
  /** Transcripts whose chunks were removed (deleted files, excluded kinds). */
  removed: number;
  /** Transcripts left out for their kind. */
  excluded: number;
}

/** Bytes before the read offset whose hash must match for a file to count as appended to. */
const TAIL_BYTES = 256;
const NEWLINE = 0x0a;

/** Brings the index's session chunks up to date with the transcripts in `options.dir`. */
export async function syncSessions(
  index: MemoryIndex,
  options: SessionSyncOptions,
): Promise<SessionSyncResult> {
  const result: SessionSyncResult = { scanned: 0, changed: 0, reread: 0, removed: 0, excluded: 0 };
  const known = index.sessionFiles();
  let kinds: Map<string, string> | undefined;
  for (const { name, stat } of listTranscripts(options.dir)) {
    options.signal?.throwIfAborted();
    result.scanned++;
    const path = `${SESSIONS_SOURCE}/${name}`;
    const row = known.get(path);
    known.delete(path);
    const mtime = Math.trunc(stat.mtime?.getTime() ?? 0);
    if (row && row.size === stat.size && row.mtime === mtime) continue;
    const file = await Deno.open(join(options.dir, name), { read: true });
    try {
      const header = await readHeader(file);
      kinds ??= readKinds(options.dir);
      const kind = sessionKind(new TextDecoder().decode(header)) ??
        kinds.get(name.slice(0, -".jsonl".length));
      if (kind === "heartbeat" && !options.includeHeartbeat) {
        result.excluded++;
        if (row) {
          index.removeSession(path);
          result.removed++;
        }
        continue;
      }
      const from = row && await appendedTo(file, row, stat.size, header) ? row : undefined;
      if (row && !from) result.reread++;
      await indexFrom(index, file, path, { size: stat.size, mtime }, header, from);
      result.changed++;
    } finally {
      file.close();
    }
  }
  for (const path of known.keys()) {
    index.removeSession(path);
    result.removed++;
  }
  return result;
}

/** Removes every session chunk (when `memory.index_sessions` is off); returns how many files. */
export function clearSessions(index: MemoryIndex): number {
  const paths = [...index.sessionFiles().keys()];
  for (const path of paths) index.removeSession(path);
  return paths.length;
}

function listTranscripts(dir: string): { name: string; stat: Deno.FileInfo }[] {
  const out: { name: string; stat: Deno.FileInfo }[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!entry.isFile || !entry.name.endsWith(".jsonl")) continue;
    try {
      out.push({ name: entry.name, stat: Deno.statSync(join(dir, entry.name)) });
    } catch {
      // deleted meanwhile
    }
  }
  return out.sort((a, b) => a.name < b.name ? -1 : 1);
}

/** Session id → kind from `sessions.json` (written by the session store), if it says. */
function readKinds(dir: string): Map<string, string> {
  const kinds = new Map<string, string>();
  try {
    const index = JSON.parse(Deno.readTextFileSync(join(dir, "sessions.json")));
    for (const [id, entry] of Object.entries(index ?? {})) {
      const kind = (entry as { kind?: unknown } | null)?.kind;
      if (typeof kind === "string") kinds.set(id, kind);
    }
  } catch {
    // no index, or not readable: kinds come from the header lines only
  }
  return kinds;
}

/** The first line of the file (without its newline), read in small steps. */
async function readHeader(file: Deno.FsFile): Promise<Uint8Array> {
  let data: Uint8Array = new Uint8Array(0);
  const buf = new Uint8Array(4096);
  await file.seek(0, Deno.SeekMode.Start);
  for (;;) {
    const n = await file.read(buf);
    if (n === null) return data;
    const nl = buf.subarray(0, n).indexOf(NEWLINE);
    data = concat(data, buf.subarray(0, nl === -1 ? n : nl));
    if (nl !== -1) return data;
  }
}

/** True when the file still holds what was read before (it only grew). */
async function appendedTo(
  file: Deno.FsFile,
  row: SessionFileRow,
  size: number,
  header: Uint8Array,
): Promise<boolean> {
  if (size < row.offset || sha256(header) !== row.headHash) return false;
  const tail = await readRange(file, Math.max(0, row.offset - TAIL_BYTES), row.offset);
  return sha256(tail) === row.tailHash;
}

async function indexFrom(
  index: MemoryIndex,
  file: Deno.FsFile,
  path: string,
  stat: { size: number; mtime: number },
  header: Uint8Array,
  from: SessionFileRow | undefined,
): Promise<void> {
  const offset = from?.offset ?? 0;
  const before = from ? await readRange(file, Math.max(0, offset - TAIL_BYTES), offset) : [];
  const appended = await readRange(file, offset, stat.size);
  // Only whole lines: a line still being written is read by the next sync.
  const end = appended.lastIndexOf(NEWLINE) + 1;
  const whole = appended.subarray(0, end);
  let lines = from?.lines ?? 0;
  const open: SessionMessage[] = from ? JSON.parse(from.openMessages) : [];
  const fromLine = from ? (open[0]?.line ?? lines + 1) : 0;
  const messages = [...open];
  const text = new TextDecoder().decode(whole);
  for (const line of end ? text.slice(0, -1).split("\n") : []) {
    lines++;
    if (lines === 1) continue;
    const message = parseSessionLine(line, lines);
    if (message) messages.push(message);
  }
  const groups = groupExchanges(messages);
  const chunks = [...groups.closed, ...(groups.open.length ? [groups.open] : [])].map(sessionChunk);
  const tail = concat(Uint8Array.from(before), whole);
  index.updateSession(
    path,
    {
      size: stat.size,
      mtime: stat.mtime,
      offset: offset + end,
      lines,
      headHash: sha256(header),
      tailHash: sha256(tail.subarray(Math.max(0, tail.length - TAIL_BYTES))),
      openMessages: JSON.stringify(groups.open),
    },
    fromLine,
    chunks,
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
