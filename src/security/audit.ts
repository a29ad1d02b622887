/**
 * The hash-chained audit log `<state_dir>/localgpt.audit.jsonl`: one JSON object per line,
 * `prev_entry_sha256` = SHA-256 of the previous raw line (64 zeros for the first). Appends hold an
 * exclusive file lock, so writers in several processes never interleave or fork the chain.
 */
import { dirname } from "node:path";
import { readRange } from "../core/mod.ts";
import { sha256Hex } from "./_hash.ts";

/** Every audit action (snake_case, reference §9.5). */
export const AUDIT_ACTIONS = [
  "created",
  "signed",
  "verified",
  "tamper_detected",
  "missing",
  "unsigned",
  "manifest_corrupted",
  "suspicious_content",
  "file_changed",
  "write_blocked",
  "path_denied",
  "chain_recovery",
  "compaction",
  "tool_approval",
] as const;

/** Audit actions (snake_case, reference §9.5). */
export type AuditAction = typeof AUDIT_ACTIONS[number];

/** One line of the log. */
export interface AuditEntry {
  ts: string;
  action: AuditAction;
  content_sha256: string;
  prev_entry_sha256: string;
  /** `cli`, `gui`, `session_start`, `tool:<name>`, `session:<id>` or `audit_system`. */
  source: string;
  detail?: string;
}

/** What a caller records. */
export interface AuditRecord {
  action: AuditAction;
  source: string;
  /** Hash of the relevant content; default: SHA-256 of the detail (or of ""). */
  contentSha256?: string;
  detail?: string;
}

/** The anchor file next to the log: the hash of its last entry (detects tail edits/deletions). */
export function headPath(path: string): string {
  return path.replace(/\.jsonl$/, "") + ".head";
}

interface Head {
  last_entry_sha256: string;
}

async function writeHead(path: string, last: string): Promise<void> {
  const head: Head = { last_entry_sha256: last };
  const tmp = `${headPath(path)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(head) + "\n", { mode: 0o600 });
  await Deno.rename(tmp, headPath(path));
}

/** The genesis `prev_entry_sha256`. */
export const GENESIS = "0".repeat(64);

const encoder = new TextEncoder();
const queues = new Map<string, Promise<unknown>>();

/** Appends one entry (recovering a corrupted tail first); resolves to the entry written. */
export function appendAudit(
  path: string,
  record: AuditRecord,
  now: () => Date = () => new Date(),
): Promise<AuditEntry> {
  // In-process callers queue; other processes are excluded by the file lock.
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => appendLocked(path, record, now));
  queues.set(path, next);
  return next;
}

async function appendLocked(
  path: string,
  record: AuditRecord,
  now: () => Date,
): Promise<AuditEntry> {
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  using file = await Deno.open(path, { read: true, append: true, create: true, mode: 0o600 });
  await file.lock(true);
  try {
    const { line, size, endsWithNewline } = await lastLine(file);
    let prev = line === undefined ? GENESIS : await sha256Hex(line);
    let out = "";
    if (line !== undefined && parseEntry(line) === undefined) {
      // A torn or corrupted last line: keep it, and link a recovery entry from it.
      if (!endsWithNewline) out += "\n";
      const index = splitLines(new TextDecoder().decode(await readRange(file, 0, size))).length - 1;
      const recovery = await entryLine(
        {
          action: "chain_recovery",
          source: "audit_system",
          contentSha256: prev,
          detail: `corrupted entry at index ${index}`,
        },
        prev,
        now,
      );
      out += recovery + "\n";
      prev = await sha256Hex(recovery);
    }
    const text = await entryLine(record, prev, now);
    out += text + "\n";
    await writeAll(file, encoder.encode(out));
    await writeHead(path, await sha256Hex(text));
    return JSON.parse(text) as AuditEntry;
  } finally {
    await file.unlock();
  }
}

async function entryLine(record: AuditRecord, prev: string, now: () => Date): Promise<string> {
  const entry: AuditEntry = {
    ts: now().toISOString(),
    action: record.action,
    content_sha256: record.contentSha256 ?? await sha256Hex(record.detail ?? ""),
    prev_entry_sha256: prev,
    source: record.source,
  };
  if (record.detail !== undefined) entry.detail = record.detail;
  return JSON.stringify(entry);
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  while (data.length > 0) data = data.subarray(await file.write(data));
}

/** The last line of the file (without its newline), read from the end in growing chunks. */
async function lastLine(
  file: Deno.FsFile,
): Promise<{ line?: string; size: number; endsWithNewline: boolean }> {
  const size = (await file.stat()).size;
  if (size === 0) return { size, endsWithNewline: true };
  for (let chunk = 4096;; chunk *= 4) {
    const start = Math.max(0, size - chunk);
    const text = new TextDecoder().decode(await readRange(file, start, size));
    const endsWithNewline = text.endsWith("\n");
    const body = endsWithNewline ? text.slice(0, -1) : text;
    const cut = body.lastIndexOf("\n");
    if (cut >= 0 || start === 0) return { line: body.slice(cut + 1), size, endsWithNewline };
  }
}

/** Non-empty lines of the log text. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Parses one line; undefined when it is not a well-formed entry. */
export function parseEntry(line: string): AuditEntry | undefined {
  try {
    const e = JSON.parse(line);
    const hex64 = (v: unknown) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
    if (
      typeof e !== "object" || e === null || typeof e.ts !== "string" ||
      typeof e.action !== "string" || typeof e.source !== "string" ||
      !hex64(e.content_sha256) || !hex64(e.prev_entry_sha256) ||
      (e.detail !== undefined && typeof e.detail !== "string")
    ) return undefined;
    return e as AuditEntry;
  } catch {
    return undefined;
  }
}

/** The result of checking the chain. */
export interface ChainReport {
  intact: boolean;
  count: number;
  /** 0-based indices of lines that are corrupted or do not link to their predecessor. */
  broken: number[];
}

/** Checks every link: line i must parse and carry the hash of line i-1 (zeros for line 0). */
export async function verifyChain(lines: string[]): Promise<ChainReport> {
  const broken: number[] = [];
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const entry = parseEntry(lines[i]);
    if (!entry || entry.prev_entry_sha256 !== prev) broken.push(i);
    prev = await sha256Hex(lines[i]);
  }
  return { intact: broken.length === 0, count: lines.length, broken };
}

/** Checks the chain of the log file, and its last entry against the head anchor when present. */
export async function verifyAuditLog(path: string): Promise<ChainReport & { anchored: boolean }> {
  const { lines } = await readAudit(path);
  const report = await verifyChain(lines);
  let head: Head | undefined;
  try {
    head = JSON.parse(await Deno.readTextFile(headPath(path)));
  } catch {
    head = undefined;
  }
  if (!head) return { ...report, anchored: false };
  const last = lines.length ? await sha256Hex(lines[lines.length - 1]) : undefined;
  if (last !== head.last_entry_sha256) {
    const index = Math.max(0, lines.length - 1);
    if (!report.broken.includes(index)) report.broken.push(index);
    report.intact = false;
  }
  return { ...report, anchored: true };
}

/** Reads the log: raw lines and parsed entries (undefined where corrupted). Missing file = empty. */
export async function readAudit(
  path: string,
): Promise<{ lines: string[]; entries: (AuditEntry | undefined)[] }> {
  let text = "";
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const lines = splitLines(text);
  return { lines, entries: lines.map(parseEntry) };
}
