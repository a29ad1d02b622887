/** The memory index's tables; migration N takes the schema from version N-1 to N. */
import type { Migration } from "../store/mod.ts";

/** Ordered migrations of `<cache_dir>/memory/<agent>.sqlite`. */
export const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE files (
     path TEXT PRIMARY KEY,
     source TEXT NOT NULL DEFAULT 'memory',
     hash TEXT NOT NULL,
     mtime INTEGER NOT NULL,
     size INTEGER NOT NULL
   );
   CREATE TABLE chunks (
     id INTEGER PRIMARY KEY,
     path TEXT NOT NULL,
     source TEXT NOT NULL DEFAULT 'memory',
     start_line INTEGER NOT NULL,
     end_line INTEGER NOT NULL,
     headings TEXT NOT NULL,
     hash TEXT NOT NULL,
     text TEXT NOT NULL,
     embedded_model TEXT
   );
   CREATE INDEX idx_chunks_path ON chunks(path);
   CREATE INDEX idx_chunks_embedded ON chunks(embedded_model);
   CREATE TABLE embedding_cache (
     id INTEGER PRIMARY KEY,
     model TEXT NOT NULL,
     hash TEXT NOT NULL,
     dims INTEGER NOT NULL,
     vector BLOB NOT NULL,
     updated_at INTEGER NOT NULL,
     UNIQUE (model, hash)
   );
   CREATE VIRTUAL TABLE chunks_fts USING fts5(
     body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
   );`,
  // Session transcripts, indexed by byte offset: how far each file was read, a hash of its
  // header line and of the last line read (to notice a rewrite), and the open last chunk.
  `CREATE TABLE session_files (
     path TEXT PRIMARY KEY,
     size INTEGER NOT NULL,
     mtime INTEGER NOT NULL,
     offset INTEGER NOT NULL,
     lines INTEGER NOT NULL,
     head_hash TEXT NOT NULL,
     tail_hash TEXT NOT NULL,
     open_messages TEXT NOT NULL
   );
   CREATE INDEX idx_chunks_source ON chunks(source);`,
];

/** Version of the vec0 table's layout; a table of an older layout is rebuilt (from the cache). */
export const VEC_LAYOUT = "2";

/** The vec0 table for vectors of `dims` dimensions (created once the model's size is known). */
export function vecTableSql(dims: number): string {
  if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`Invalid vector size ${dims}`);
  // `source` is a metadata column, so that a search of one source filters inside the KNN query.
  return `CREATE VIRTUAL TABLE chunks_vec USING vec0(embedding float[${dims}] distance_metric=cosine, source text)`;
}
