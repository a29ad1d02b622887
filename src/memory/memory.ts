/** The Memory contract: one index and one embedder behind `sync()`, `search()` and `read()`. */
import type { ChunkOptions } from "./chunker.ts";
import type { Embedder } from "./embedder.ts";
import type { MemoryPathSpec } from "./files.ts";
import { type MemoryIndex, openMemoryIndex } from "./memory_index.ts";
import { type NoteText, readNote, type RecentNote, recentNotes } from "./notes.ts";
import { searchMemory, type SearchMode, type SearchResponse } from "./search.ts";
import { syncMemory, type SyncOptions, type SyncResult } from "./sync.ts";

/** Options of `createMemory()`: the `[memory]` config slice, resolved to paths. */
export interface MemoryOptions {
  workspace: string;
  /** `<cache_dir>/memory/<agent>.sqlite`. */
  indexPath: string;
  /** Where sqlite-vec is materialised. */
  nativeDir: string;
  paths?: readonly MemoryPathSpec[];
  exclude?: readonly string[];
  chunking?: ChunkOptions;
  /** Undefined: keyword search only. */
  embedder?: Embedder;
  batchSize?: number;
  /** Index session transcripts from this folder (`memory.index_sessions`); undefined: off. */
  sessions?: { dir: string; includeHeartbeat?: boolean };
  search?: {
    textWeight?: number;
    vectorWeight?: number;
    minScore?: number;
    candidateMultiplier?: number;
    decayLambda?: number;
  };
}

/** Which chunks a search looks at: workspace files, session transcripts, or both. */
export type SearchSource = "memory" | "sessions" | "all";

/** Search options a caller may set per query. */
export interface MemorySearchOptions {
  limit?: number;
  minScore?: number;
  mode?: SearchMode;
  /** Default: memory (transcripts only when asked for). */
  source?: SearchSource;
}

/** Where search stands: hybrid when vectors are usable, else keyword with the reason. */
export interface MemoryStatus {
  mode: "hybrid" | "keyword";
  reason?: string;
  model?: string;
}

/** Counts and state for `memory stats`. */
export interface MemoryStats extends MemoryStatus {
  workspace: string;
  index: string;
  files: number;
  chunks: number;
  /** Session transcripts indexed, and their chunks (part of `chunks`). */
  sessions: number;
  session_chunks: number;
  embedded_chunks: number;
  cached_vectors: number;
  index_bytes: number;
}

/** The assistant's memory. The markdown files are the truth; the index is a rebuildable cache. */
export interface Memory {
  readonly options: MemoryOptions;
  /** Brings the index up to date with the files. */
  sync(
    options?: Pick<SyncOptions, "full" | "embed" | "onProgress" | "signal">,
  ): Promise<SyncResult>;
  /** Searches; falls back to keyword search (saying why) when vectors are unavailable. */
  search(query: string, options?: MemorySearchOptions): Promise<SearchResponse>;
  /** Lines of a memory file. */
  read(path: string, range?: { from?: number; to?: number }): Promise<NoteText>;
  /** Recent daily notes, newest first. */
  recent(count?: number): Promise<RecentNote[]>;
  /** Whether search runs hybrid or keyword-only, and why. */
  status(): Promise<MemoryStatus>;
  stats(): Promise<MemoryStats>;
  /** Closes the index. */
  close(): void;
}

/** Creates the memory; the index opens on first use (and never starts a watcher). */
export function createMemory(options: MemoryOptions): Memory {
  let opened: Promise<MemoryIndex> | undefined;
  const index = () =>
    opened ??= openMemoryIndex(options.indexPath, { nativeDir: options.nativeDir });
  const roots = (options.paths ?? []).map((p) => p.path);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    options,
    sync(opts = {}) {
      // One sync at a time per memory: the watcher and a reindex command may ask together.
      const run = queue.then(async () =>
        syncMemory(await index(), {
          files: { workspace: options.workspace, paths: options.paths, exclude: options.exclude },
          chunking: options.chunking,
          embedder: options.embedder,
          batchSize: options.batchSize,
          sessions: options.sessions,
          ...opts,
        })
      );
      queue = run.catch(() => undefined);
      return run;
    },
    async search(query, opts = {}) {
      const s = options.search ?? {};
      const { source = "memory", ...rest } = opts;
      return searchMemory(await index(), query, {
        ...rest,
        source: source === "all" ? undefined : source,
        minScore: opts.minScore ?? s.minScore,
        embedder: options.embedder,
        textWeight: s.textWeight,
        vectorWeight: s.vectorWeight,
        candidateMultiplier: s.candidateMultiplier,
        decayLambda: s.decayLambda,
      });
    },
    read: (path, range = {}) => readNote(options.workspace, path, { ...range, roots }),
    recent: (count) => recentNotes(options.workspace, count),
    async status() {
      return memoryStatus(await index(), options.embedder);
    },
    async stats() {
      const idx = await index();
      const counts = idx.counts();
      let bytes = 0;
      for (const suffix of ["", "-wal", "-shm"]) {
        bytes += (await Deno.stat(options.indexPath + suffix).catch(() => null))?.size ?? 0;
      }
      return {
        workspace: options.workspace,
        index: options.indexPath,
        files: counts.files,
        chunks: counts.chunks,
        sessions: counts.sessions,
        session_chunks: counts.sessionChunks,
        embedded_chunks: counts.embedded,
        cached_vectors: counts.cached,
        index_bytes: bytes,
        ...await memoryStatus(idx, options.embedder),
      };
    },
    close() {
      opened?.then((i) => i.close(), () => {});
    },
  };
}

/** Decides hybrid versus keyword without loading the model (a cheap check). */
export async function memoryStatus(index: MemoryIndex, embedder?: Embedder): Promise<MemoryStatus> {
  if (!embedder) {
    return { mode: "keyword", reason: "no embedding provider (memory.embedding.provider = none)" };
  }
  if (index.vecError) return { mode: "keyword", reason: index.vecError, model: embedder.key };
  const status = await embedder.check();
  if (!status.ok) return { mode: "keyword", reason: status.reason, model: embedder.key };
  return { mode: "hybrid", model: embedder.key };
}
