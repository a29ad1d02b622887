/** Incremental sync of the workspace into the index: by stat, then hash; vectors only for new hashes. */
import { errorMessage } from "../core/mod.ts";
import { chunkMarkdown, type ChunkOptions, sha256 } from "./chunker.ts";
import type { DownloadProgress, Embedder } from "./embedder.ts";
import { listMemoryFiles, type ListOptions } from "./files.ts";
import { type MemoryIndex, SKIPPED_HASH_PREFIX } from "./memory_index.ts";
import {
  clearSessions,
  type SessionSyncOptions,
  type SessionSyncResult,
  syncSessions,
} from "./session_sync.ts";

/** Progress of a sync, for a progress bar. */
export type SyncProgress =
  | { phase: "scan"; done: number; total: number }
  | { phase: "embed"; done: number; total: number }
  | ({ phase: "download" } & DownloadProgress);

/** Options of `syncMemory()`. */
export interface SyncOptions {
  files: ListOptions;
  chunking?: ChunkOptions;
  /** Undefined: keyword index only. */
  embedder?: Embedder;
  /** Compute missing vectors (may load or download the model). Default: true. */
  embed?: boolean;
  /** Re-read and re-chunk every file, even unchanged ones. */
  full?: boolean;
  /** Index session transcripts too (`memory.index_sessions`); undefined: remove any indexed. */
  sessions?: Omit<SessionSyncOptions, "signal">;
  /** Texts per embedder call. Default: 32. */
  batchSize?: number;
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
}

/** What a sync did. */
export interface SyncResult {
  scanned: number;
  changed: number;
  removed: number;
  skipped: number;
  /** Chunks in the index after the sync. */
  chunks: number;
  /** Chunks whose vector the embedder computed in this sync. */
  embedded: number;
  /** Chunks whose vector came from the embedding cache. */
  reused: number;
  /** Chunks still without a vector of the current model. */
  pending: number;
  /** Files skipped (binary, not UTF-8, too large) that are new or changed since the last sync. */
  warnings: string[];
  /** Why vectors were not (all) computed. */
  embedError?: string;
  /** The session transcripts, when they are indexed. */
  sessions?: SessionSyncResult;
  ms: number;
}

/** Files above this size are skipped: memory notes are small, a huge file is probably not one. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Brings the index up to date with the workspace; safe to interrupt (per-file transactions). */
export async function syncMemory(index: MemoryIndex, options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const result: SyncResult = {
    scanned: 0,
    changed: 0,
    removed: 0,
    skipped: 0,
    chunks: 0,
    embedded: 0,
    reused: 0,
    pending: 0,
    warnings: [],
    ms: 0,
  };
  const chunking = `${options.chunking?.chunkSize ?? 400}/${options.chunking?.chunkOverlap ?? 80}`;
  if (options.full || index.getMeta("chunking") !== chunking) {
    index.clearFiles();
    index.setMeta("chunking", chunking);
  }
  const files = await listMemoryFiles(options.files);
  const known = index.files();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const [i, file] of files.entries()) {
    options.signal?.throwIfAborted();
    result.scanned++;
    options.onProgress?.({ phase: "scan", done: i + 1, total: files.length });
    const row = known.get(file.path);
    known.delete(file.path);
    const mtime = Math.trunc(file.mtimeMs);
    if (row && row.mtime === mtime && row.size === file.size) continue;
    const text = await readText(file.abs, file.size, decoder).catch((e) => errorMessage(e));
    if (typeof text !== "object") {
      result.skipped++;
      result.warnings.push(`Skipped "${file.path}": ${text}`);
      // Remembered (without chunks) by stat, so the warning comes once per change of the file.
      index.replaceFile(file.path, {
        hash: `${SKIPPED_HASH_PREFIX}${text}`,
        mtime,
        size: file.size,
      }, []);
      continue;
    }
    const hash = sha256(text.bytes);
    if (row && row.hash === hash) {
      index.touchFile(file.path, mtime, file.size);
      continue;
    }
    index.replaceFile(
      file.path,
      { hash, mtime, size: file.size },
      chunkMarkdown(text.text, options.chunking),
    );
    result.changed++;
  }
  for (const path of known.keys()) {
    index.removeFile(path);
    result.removed++;
  }
  if (options.sessions) {
    result.sessions = await syncSessions(index, { ...options.sessions, signal: options.signal });
  } else clearSessions(index);
  if (options.embedder && options.embed !== false) {
    await embedPending(index, options.embedder, options, result);
  }
  const counts = index.counts();
  result.chunks = counts.chunks;
  result.pending = options.embedder ? index.countPending(options.embedder.key) : counts.chunks;
  result.ms = Math.round(performance.now() - started);
  return result;
}

async function readText(
  abs: string,
  size: number,
  decoder: TextDecoder,
): Promise<{ text: string; bytes: Uint8Array }> {
  if (size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
  const bytes = await Deno.readFile(abs);
  if (bytes.includes(0)) throw new Error("binary file");
  try {
    return { text: decoder.decode(bytes), bytes };
  } catch {
    throw new Error("not UTF-8 text");
  }
}

async function embedPending(
  index: MemoryIndex,
  embedder: Embedder,
  options: SyncOptions,
  result: SyncResult,
): Promise<void> {
  if (index.vecError) {
    result.embedError = index.vecError;
    return;
  }
  const total = index.countPending(embedder.key);
  if (total === 0 && index.vectorModel() === embedder.key) return;
  if (total === 0) return;
  const status = await embedder.check();
  if (!status.ok && !status.downloadable) {
    result.embedError = status.reason;
    return;
  }
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const onDownload = (p: DownloadProgress) => options.onProgress?.({ phase: "download", ...p });
  let done = 0;
  try {
    while (true) {
      options.signal?.throwIfAborted();
      // Before the vec table matches the model every chunk is pending, so the first batch is fresh.
      const batch = index.pendingChunks(embedder.key, batchSize);
      if (batch.length === 0) break;
      const cached = index.cachedVectors(embedder.key, batch.map((c) => c.hash));
      const missing = [...new Set(batch.filter((c) => !cached.has(c.hash)).map((c) => c.hash))];
      if (missing.length) {
        const texts = missing.map((h) => batch.find((c) => c.hash === h)!.text);
        const vectors = await embedder.embed(texts, { signal: options.signal, onDownload });
        missing.forEach((h, i) => cached.set(h, vectors[i]));
      }
      const dims = cached.get(batch[0].hash)!.length;
      index.useVectorModel(embedder.key, dims);
      index.storeVectors(
        embedder.key,
        batch.map((c) => ({ ...c, vector: cached.get(c.hash)! })),
      );
      result.embedded += batch.filter((c) => missing.includes(c.hash)).length;
      result.reused += batch.filter((c) => !missing.includes(c.hash)).length;
      done += batch.length;
      options.onProgress?.({ phase: "embed", done, total });
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    result.embedError = errorMessage(error);
  }
}
