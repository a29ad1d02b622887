/**
 * @module memory
 * Owns the markdown workspace (the source of truth of the assistant's memory) and its search index:
 * file selection, chunking, the SQLite index (FTS5 + sqlite-vec, through store/), pure hybrid
 * ranking, the Embedder port and its implementations, incremental sync, search and the watcher.
 * Must not read the environment, exit, or start timers by itself: `watchMemory()` is started by
 * the daemon. transformers.js is imported lazily, only when the local model first embeds.
 * Contract: workspace files are never written by the index code; the index is a cache that a
 * reindex rebuilds; `search()` never throws for any query text and degrades to keyword search,
 * saying why, when no embedding model is usable.
 */
export { ensureWorkspace, type EnsureWorkspaceResult, WORKSPACE_FILES } from "./workspace.ts";
export { type Chunk, chunkMarkdown, type ChunkOptions, sha256 } from "./chunker.ts";
export {
  listMemoryFiles,
  type ListOptions,
  type MemoryFile,
  type MemoryPathSpec,
} from "./files.ts";
export { globToRegExp, IgnoreRules } from "./glob.ts";
export { ftsDocument, ftsQuery } from "./fts_text.ts";
export {
  applyDecay,
  type HybridWeights,
  type KeywordHit,
  keywordScores,
  mergeHybrid,
  type RankedHit,
  rankKeyword,
  rankVector,
  selectTop,
  type VectorHit,
} from "./hybrid.ts";
export {
  type DownloadProgress,
  type Embedder,
  type EmbedderStatus,
  type EmbedOptions,
  normalize,
} from "./embedder.ts";
export {
  createEmbedder,
  DEFAULT_LOCAL_MODEL,
  DEFAULT_REMOTE_MODELS,
  type EmbedderOptions,
} from "./embedders/create.ts";
export { createOllamaEmbedder, createOpenAiEmbedder } from "./embedders/http.ts";
export { createLocalEmbedder, type LocalEmbedderOptions } from "./embedders/local.ts";
export {
  MEMORY_SOURCE,
  type MemoryIndex,
  openMemoryIndex,
  SESSIONS_SOURCE,
} from "./memory_index.ts";
export {
  MAX_FILE_BYTES,
  syncMemory,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
} from "./sync.ts";
export {
  ageDays,
  searchMemory,
  type SearchMode,
  type SearchOptions,
  type SearchResponse,
  type SearchResult,
  snippet,
  SNIPPET_CHARS,
} from "./search.ts";
export { type NoteText, parseNoteRef, readNote, type RecentNote, recentNotes } from "./notes.ts";
export { type MemoryWatcher, watchMemory, type WatchOptions } from "./watcher.ts";
export {
  createMemory,
  type Memory,
  type MemoryOptions,
  type MemorySearchOptions,
  type MemoryStats,
  type MemoryStatus,
  memoryStatus,
  type SearchSource,
} from "./memory.ts";
export {
  clearSessions,
  type SessionSyncOptions,
  type SessionSyncResult,
  syncSessions,
} from "./session_sync.ts";
export {
  EXCHANGES_PER_CHUNK,
  groupExchanges,
  MESSAGE_CHARS,
  parseSessionLine,
  sessionChunk,
  sessionKind,
  type SessionMessage,
} from "./session_chunks.ts";
