/** Opening SQLite databases (node:sqlite) the one way the program does: WAL, busy timeout. */
import { DatabaseSync } from "node:sqlite";
import { dirname } from "node:path";

/** A node:sqlite database handle. */
export type Database = DatabaseSync;

/** Options of `openDatabase()`. */
export interface OpenOptions {
  /** Allow `loadExtension()` (sqlite-vec); needs the unscoped `--allow-ffi`. Default: true. */
  allowExtension?: boolean;
  /** Milliseconds to wait for a lock held by another connection. Default: 5000. */
  timeoutMs?: number;
}

/** Opens (creating if needed, with its folder) a database in WAL mode with a busy timeout. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ":memory:") Deno.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path, {
    allowExtension: options.allowExtension ?? true,
    timeout: options.timeoutMs ?? 5000,
  });
  if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
  return db;
}

/** True when this SQLite build has FTS5 (checked on a throwaway temp table). */
export function hasFts5(db: Database): boolean {
  try {
    db.exec("CREATE VIRTUAL TABLE temp.__fts5_probe USING fts5(x); DROP TABLE temp.__fts5_probe");
    return true;
  } catch {
    return false;
  }
}

/** The SQLite library version, e.g. "3.53.2". */
export function sqliteVersion(db: Database): string {
  const row = db.prepare("SELECT sqlite_version() AS v").get() as { v: string };
  return row.v;
}
