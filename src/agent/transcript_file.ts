/** Appending to a transcript: one JSON line per entry, written and synced as soon as it exists. */
import { basename, join } from "node:path";
import {
  type NewEntry,
  type SessionHeader,
  TRANSCRIPT_VERSION,
  type TranscriptEntry,
  type TranscriptMessage,
} from "./transcript.ts";
import { type ParsedTranscript, parseTranscript } from "./transcript_read.ts";

const encoder = new TextEncoder();

/** Called after each entry is durably on disk (e.g. to update `sessions.json`). */
export type AppendListener = (entry: TranscriptEntry) => void | Promise<void>;

/** Options for creating or opening a transcript. */
export interface TranscriptFileOptions {
  /** Clock for entry timestamps (default: `new Date()`). */
  now?: () => Date;
  onAppend?: AppendListener;
}

/**
 * An open transcript. Appends are serialised: each one is a single write of one line followed
 * by `fdatasync`, so a killed process loses at most the line being written.
 */
export class TranscriptFile {
  readonly id: string;
  readonly path: string;
  #file: Deno.FsFile;
  #ids: Set<string>;
  #leafId: string | null;
  #queue: Promise<unknown> = Promise.resolve();
  #now: () => Date;
  #onAppend?: AppendListener;

  constructor(
    id: string,
    path: string,
    file: Deno.FsFile,
    state: { ids: Iterable<string>; leafId: string | null },
    options: TranscriptFileOptions = {},
  ) {
    this.id = id;
    this.path = path;
    this.#file = file;
    this.#ids = new Set(state.ids);
    this.#leafId = state.leafId;
    this.#now = options.now ?? (() => new Date());
    this.#onAppend = options.onAppend;
  }

  /** Id of the last appended entry (the parent of the next one). */
  get leafId(): string | null {
    return this.#leafId;
  }

  /** Appends a message entry. */
  appendMessage(message: TranscriptMessage): Promise<TranscriptEntry> {
    return this.append({ type: "message", message });
  }

  /** Appends any entry; resolves once it is written and synced. */
  append(entry: NewEntry): Promise<TranscriptEntry> {
    const run = this.#queue.then(async () => {
      const full = {
        type: entry.type,
        id: this.#newId(),
        parentId: this.#leafId,
        timestamp: this.#now().toISOString(),
        ...withoutType(entry),
      } as TranscriptEntry;
      await writeLine(this.#file, JSON.stringify(full));
      this.#ids.add(full.id);
      this.#leafId = full.id;
      await this.#onAppend?.(full);
      return full;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Waits for pending appends and closes the file. */
  async close(): Promise<void> {
    await this.#queue;
    this.#file.close();
  }

  #newId(): string {
    for (;;) {
      const id = crypto.randomUUID().slice(0, 8);
      if (!this.#ids.has(id)) return id;
    }
  }
}

function withoutType(entry: NewEntry): Record<string, unknown> {
  const { type: _type, ...rest } = entry as Record<string, unknown>;
  return rest;
}

async function writeLine(file: Deno.FsFile, line: string): Promise<void> {
  let data = encoder.encode(line + "\n");
  while (data.length > 0) data = data.subarray(await file.write(data));
  await file.syncData();
}

/** Creates `<dir>/<id>.jsonl` (mode 0600) with its header line; fails if it exists. */
export async function createTranscript(
  dir: string,
  header: Omit<SessionHeader, "type" | "version">,
  options: TranscriptFileOptions = {},
): Promise<TranscriptFile> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${header.id}.jsonl`);
  const file = await Deno.open(path, { createNew: true, write: true, append: true, mode: 0o600 });
  try {
    await writeLine(
      file,
      JSON.stringify({ type: "session", version: TRANSCRIPT_VERSION, ...header }),
    );
  } catch (error) {
    file.close();
    throw error;
  }
  return new TranscriptFile(header.id, path, file, { ids: [], leafId: null }, options);
}

/**
 * Opens an existing transcript for appending. A cut-off last line is removed from the file
 * first so the next entry starts on a clean line.
 */
export async function openTranscript(
  path: string,
  options: TranscriptFileOptions = {},
): Promise<{ file: TranscriptFile; transcript: ParsedTranscript }> {
  const transcript = parseTranscript(await Deno.readTextFile(path));
  const file = await Deno.open(path, { read: true, write: true });
  try {
    const size = (await file.stat()).size;
    if (transcript.validBytes < size) await file.truncate(transcript.validBytes);
    await file.seek(0, Deno.SeekMode.End);
    if (transcript.needsNewline) await writeLine(file, "");
  } catch (error) {
    file.close();
    throw error;
  }
  const ids = transcript.entries.map((e) => e.id);
  const leafId = transcript.entries.at(-1)?.id ?? null;
  return {
    file: new TranscriptFile(basename(path, ".jsonl"), path, file, { ids, leafId }, options),
    transcript,
  };
}
