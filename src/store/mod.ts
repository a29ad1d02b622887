/**
 * @module store
 * Sole owner of node:sqlite and sqlite-vec: opening databases (WAL, busy timeout), probing FTS5,
 * loading vec0 through the native-library cache. Must not know any table of other modules.
 * Contract: `migrate()` applies each schema step once, atomically. `openDatabase()` returns a ready handle or throws; `loadVec()` throws when the
 * extension cannot be loaded (callers degrade to keyword search).
 */
export { type Database, hasFts5, openDatabase, type OpenOptions, sqliteVersion } from "./sqlite.ts";
export { loadVec, vecLibraryPath } from "./vec.ts";
export { materializeNative } from "./native.ts";
export { migrate, type Migration, userVersion } from "./migrate.ts";
