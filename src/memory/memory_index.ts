/** The SQLite index of the workspace: files, chunks, FTS5, vec0 vectors and the embedding cache. */
import { errorMessage } from "../core/mod.ts";
import { type Database, loadVec, migrate, openDatabase } from "../store/mod.ts";
import type { Chunk } from "./chunker.ts";
import { ftsDocument } from "./fts_text.ts";
import type { KeywordHit, VectorHit } from "./hybrid.ts";
import { MIGRATIONS, VEC_LAYOUT, vecTableSql } from "./_schema.ts";

/** What the index remembers of a file, to skip it when unchanged. */
export interface FileRow {
  hash: string;
  mtime: number;
  size: number;
}

/** A stored chunk, as search results need it. */
export interface ChunkRow {
  id: number;
  path: string;
  source: string;
  start_line: number;
  end_line: number;
  headings: string;
  text: string;
}

/** A chunk waiting for its vector. */
export interface PendingChunk {
  id: number;
  hash: string;
  text: string;
  source: string;
}

/** Where indexing of one session transcript stands (see `session_files` in _schema.ts). */
export interface SessionFileRow {
  size: number;
  mtime: number;
  /** Bytes read: always the end of a whole line. */
  offset: number;
  /** Lines read. */
  lines: number;
  headHash: string;
  tailHash: string;
  /** JSON of the open last chunk's messages. */
  openMessages: string;
}

/** Chunk source of workspace files. */
export const MEMORY_SOURCE = "memory";
/** Chunk source of session transcripts. */
export const SESSIONS_SOURCE = "sessions";

/** Options of `openMemoryIndex()`. */
export interface OpenIndexOptions {
  /** Folder where native libraries (sqlite-vec) are materialised. */
  nativeDir: string;
}

/** Opens (creating or migrating) the index at `path`; vectors are off when sqlite-vec fails. */
export async function openMemoryIndex(
  path: string,
  options: OpenIndexOptions,
): Promise<MemoryIndex> {
  const db = openDatabase(path);
  try {
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw new Error(`Cannot open memory index "${path}": ${errorMessage(error)}`, { cause: error });
  }
  let vecError: string | undefined;
  try {
    await loadVec(db, options.nativeDir);
  } catch (error) {
    vecError = `sqlite-vec does not load: ${errorMessage(error)}`;
  }
  const index = new MemoryIndex(db, path, vecError);
  index.dropOutdatedVectors();
  return index;
}

/** The `files.hash` prefix of a skipped file (then its reason); never a SHA-256 hex digest. */
export const SKIPPED_HASH_PREFIX = "skipped:";

/** Data access over one index database. Never embeds or reads workspace files itself. */
export class MemoryIndex {
  readonly db: Database;
  readonly path: string;
  /** Why vectors are unavailable; undefined when sqlite-vec is loaded. */
  readonly vecError?: string;

  constructor(db: Database, path: string, vecError?: string) {
    this.db = db;
    this.path = path;
    this.vecError = vecError;
  }

  /** Runs `fn` in one write transaction. */
  transaction<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** A value of the meta table. */
  getMeta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  /** Sets a value of the meta table. */
  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(key, value);
  }

  /** Every indexed file. */
  files(): Map<string, FileRow> {
    const rows = this.db.prepare("SELECT path, hash, mtime, size FROM files WHERE source = ?")
      .all(MEMORY_SOURCE) as unknown as (FileRow & { path: string })[];
    return new Map(rows.map((r) => [r.path, { hash: r.hash, mtime: r.mtime, size: r.size }]));
  }

  /** Replaces a file's chunks (keyword-indexed at once; vectors come later). */
  replaceFile(path: string, file: FileRow, chunks: readonly Chunk[], source = "memory"): void {
    this.transaction(() => {
      this.#deleteChunks(path);
      this.db.prepare(
        "INSERT OR REPLACE INTO files (path, source, hash, mtime, size) VALUES (?, ?, ?, ?, ?)",
      ).run(path, source, file.hash, file.mtime, file.size);
      this.#insertChunks(path, source, chunks);
    });
  }

  #insertChunks(path: string, source: string, chunks: readonly Chunk[]): void {
    const insert = this.db.prepare(
      `INSERT INTO chunks (path, source, start_line, end_line, headings, hash, text)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const fts = this.db.prepare("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)");
    for (const c of chunks) {
      const { lastInsertRowid } = insert.run(
        path,
        source,
        c.startLine,
        c.endLine,
        JSON.stringify(c.headings),
        c.hash,
        c.text,
      );
      fts.run(lastInsertRowid, ftsDocument(c.text));
    }
  }

  /** Records a new mtime/size for a file whose content hash did not change. */
  touchFile(path: string, mtime: number, size: number): void {
    this.db.prepare("UPDATE files SET mtime = ?, size = ? WHERE path = ?").run(mtime, size, path);
  }

  /** Removes a file and its chunks. */
  removeFile(path: string): void {
    this.transaction(() => {
      this.#deleteChunks(path);
      this.db.prepare("DELETE FROM files WHERE path = ?").run(path);
    });
  }

  /** Every indexed session transcript. */
  sessionFiles(): Map<string, SessionFileRow> {
    const rows = this.db.prepare(
      `SELECT path, size, mtime, offset, lines, head_hash AS headHash, tail_hash AS tailHash,
       open_messages AS openMessages FROM session_files`,
    ).all() as unknown as (SessionFileRow & { path: string })[];
    return new Map(rows.map(({ path, ...row }) => [path, row]));
  }

  /**
   * Records how far a transcript was read and replaces its chunks from line `fromLine` on
   * (the open last chunk and what follows) with `chunks`, in one transaction.
   */
  updateSession(path: string, row: SessionFileRow, fromLine: number, chunks: readonly Chunk[]) {
    this.transaction(() => {
      this.#deleteChunks(path, fromLine);
      this.db.prepare(
        `INSERT OR REPLACE INTO session_files
         (path, size, mtime, offset, lines, head_hash, tail_hash, open_messages)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        path,
        row.size,
        row.mtime,
        row.offset,
        row.lines,
        row.headHash,
        row.tailHash,
        row.openMessages,
      );
      this.#insertChunks(path, SESSIONS_SOURCE, chunks);
    });
  }

  /** Removes a transcript's chunks and state. */
  removeSession(path: string): void {
    this.transaction(() => {
      this.#deleteChunks(path);
      this.db.prepare("DELETE FROM session_files WHERE path = ?").run(path);
    });
  }

  /** Forgets every file (their chunks go too); the embedding cache stays. */
  clearFiles(): void {
    this.transaction(() => {
      this.db.exec(
        "DELETE FROM chunks_fts; DELETE FROM chunks; DELETE FROM files; DELETE FROM session_files",
      );
      if (this.hasVecTable()) this.db.exec("DELETE FROM chunks_vec");
    });
  }

  #deleteChunks(path: string, fromLine = 0): void {
    const ids = this.db.prepare("SELECT id FROM chunks WHERE path = ? AND start_line >= ?")
      .all(path, fromLine) as { id: number }[];
    const fts = this.db.prepare("DELETE FROM chunks_fts WHERE rowid = ?");
    const vec = this.hasVecTable()
      ? this.db.prepare("DELETE FROM chunks_vec WHERE rowid = ?")
      : undefined;
    for (const { id } of ids) {
      fts.run(id);
      vec?.run(BigInt(id));
    }
    this.db.prepare("DELETE FROM chunks WHERE path = ? AND start_line >= ?").run(path, fromLine);
  }

  /** True when the vec0 table exists (and sqlite-vec is loaded). */
  hasVecTable(): boolean {
    if (this.vecError) return false;
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'chunks_vec'").get();
  }

  /**
   * Makes `model` (with `dims`) the model of the vec0 table. When another model's vectors are
   * there, they are dropped and every chunk waits to be embedded again: vectors never mix.
   */
  useVectorModel(model: string, dims: number): void {
    if (this.vecError) throw new Error(`Cannot store vectors: ${this.vecError}`);
    if (
      this.getMeta("vector_model") === model && Number(this.getMeta("vector_dims")) === dims &&
      this.getMeta("vector_layout") === VEC_LAYOUT && this.hasVecTable()
    ) {
      return;
    }
    this.transaction(() => {
      this.db.exec("DROP TABLE IF EXISTS chunks_vec");
      this.db.exec(vecTableSql(dims));
      this.db.exec("UPDATE chunks SET embedded_model = NULL");
      this.setMeta("vector_model", model);
      this.setMeta("vector_dims", String(dims));
      this.setMeta("vector_layout", VEC_LAYOUT);
    });
  }

  /**
   * Drops a vec0 table of an older layout (before vectors carried their source): its chunks
   * wait for vectors again, which the next sync takes from the embedding cache.
   */
  dropOutdatedVectors(): void {
    if (!this.hasVecTable() || this.getMeta("vector_layout") === VEC_LAYOUT) return;
    this.transaction(() => {
      this.db.exec("DROP TABLE chunks_vec");
      this.db.exec("UPDATE chunks SET embedded_model = NULL");
      this.db.exec("DELETE FROM meta WHERE key IN ('vector_model', 'vector_dims')");
    });
  }

  /** The model whose vectors the index holds, if any. */
  vectorModel(): string | undefined {
    return this.hasVecTable() ? this.getMeta("vector_model") : undefined;
  }

  /** Chunks without a vector of `model`, oldest first. */
  pendingChunks(model: string, limit: number): PendingChunk[] {
    return this.db.prepare(
      `SELECT id, hash, text, source FROM chunks WHERE embedded_model IS NULL OR embedded_model <> ?
       ORDER BY id LIMIT ?`,
    ).all(model, limit) as unknown as PendingChunk[];
  }

  /** How many chunks still need a vector of `model`. */
  countPending(model: string): number {
    const row = this.db.prepare(
      "SELECT count(*) AS n FROM chunks WHERE embedded_model IS NULL OR embedded_model <> ?",
    ).get(model) as { n: number };
    return row.n;
  }

  /** Cached vectors of `model` for these chunk hashes. */
  cachedVectors(model: string, hashes: readonly string[]): Map<string, Float32Array> {
    const get = this.db.prepare("SELECT vector FROM embedding_cache WHERE model = ? AND hash = ?");
    const out = new Map<string, Float32Array>();
    for (const hash of new Set(hashes)) {
      const row = get.get(model, hash) as { vector: Uint8Array } | undefined;
      if (row) out.set(hash, toVector(row.vector));
    }
    return out;
  }

  /** Stores vectors: into the cache (by model and hash) and the vec0 table (by chunk id). */
  storeVectors(
    model: string,
    items: readonly { id: number; hash: string; source: string; vector: Float32Array }[],
  ): void {
    const now = Date.now();
    this.transaction(() => {
      const cache = this.db.prepare(
        `INSERT INTO embedding_cache (model, hash, dims, vector, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (model, hash) DO UPDATE SET updated_at = excluded.updated_at`,
      );
      const del = this.db.prepare("DELETE FROM chunks_vec WHERE rowid = ?");
      const ins = this.db.prepare(
        "INSERT INTO chunks_vec (rowid, embedding, source) VALUES (?, ?, ?)",
      );
      const mark = this.db.prepare("UPDATE chunks SET embedded_model = ? WHERE id = ?");
      for (const { id, hash, source, vector } of items) {
        const blob = toBlob(vector);
        cache.run(model, hash, vector.length, blob, now);
        del.run(BigInt(id));
        ins.run(BigInt(id), blob, source);
        mark.run(model, id);
      }
    });
  }

  /** FTS5 candidates for a MATCH expression, best first (only chunks of `source`, if given). */
  keywordSearch(match: string, limit: number, source?: string): KeywordHit[] {
    if (source === undefined) {
      return this.db.prepare(
        "SELECT rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25 LIMIT ?",
      ).all(match, limit) as unknown as KeywordHit[];
    }
    return this.db.prepare(
      `SELECT f.rowid AS id, bm25(chunks_fts) AS bm25 FROM chunks_fts f JOIN chunks c ON c.id = f.rowid
       WHERE chunks_fts MATCH ? AND c.source = ? ORDER BY bm25 LIMIT ?`,
    ).all(match, source, limit) as unknown as KeywordHit[];
  }

  /**
   * Nearest chunks to `query` by cosine similarity: only among `ids` when given, only chunks of
   * `source` when given.
   */
  vectorSearch(
    query: Float32Array,
    limit: number,
    filter: { ids?: readonly number[]; source?: string } = {},
  ): VectorHit[] {
    const { ids, source } = filter;
    if (ids && ids.length === 0) return [];
    const only = ids ? ` AND rowid IN (${ids.map((id) => Number(id) | 0).join(",")})` : "";
    const args: (Uint8Array | number | string)[] = [toBlob(query), ids ? ids.length : limit];
    if (source !== undefined) args.push(source);
    const rows = this.db.prepare(
      `SELECT rowid AS id, distance FROM chunks_vec WHERE embedding MATCH ? AND k = ?${only}${
        source !== undefined ? " AND source = ?" : ""
      }`,
    ).all(...args) as { id: number; distance: number }[];
    return rows.map((r) => ({ id: Number(r.id), similarity: 1 - r.distance }));
  }

  /** The chunks with these ids. */
  chunks(ids: readonly number[]): Map<number, ChunkRow> {
    const get = this.db.prepare(
      "SELECT id, path, source, start_line, end_line, headings, text FROM chunks WHERE id = ?",
    );
    const out = new Map<number, ChunkRow>();
    for (const id of ids) {
      const row = get.get(id) as ChunkRow | undefined;
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Counts for `memory stats`. */
  counts(): {
    files: number;
    chunks: number;
    embedded: number;
    cached: number;
    sessions: number;
    sessionChunks: number;
  } {
    const model = this.vectorModel() ?? "";
    const n = (sql: string, ...args: string[]) =>
      (this.db.prepare(sql).get(...args) as { n: number }).n;
    return {
      // Skipped files (binary, not UTF-8) are remembered by stat only; they are not indexed.
      files: n("SELECT count(*) AS n FROM files WHERE hash NOT LIKE ?", `${SKIPPED_HASH_PREFIX}%`),
      chunks: n("SELECT count(*) AS n FROM chunks"),
      embedded: n("SELECT count(*) AS n FROM chunks WHERE embedded_model = ?", model),
      cached: n("SELECT count(*) AS n FROM embedding_cache"),
      sessions: n("SELECT count(*) AS n FROM session_files"),
      sessionChunks: n("SELECT count(*) AS n FROM chunks WHERE source = ?", SESSIONS_SOURCE),
    };
  }

  /** Closes the database. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

function toVector(blob: Uint8Array): Float32Array {
  // Copy: the blob's offset is not necessarily 4-byte aligned.
  return new Float32Array(blob.slice().buffer);
}
