/** Schema versions: ordered migrations applied once each, tracked in `PRAGMA user_version`. */
import type { Database } from "./sqlite.ts";

/** One schema step; migration N (1-based) takes the database from version N-1 to N. */
export type Migration = string | ((db: Database) => void);

/** Applies the migrations newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  let version = userVersion(db);
  if (version > migrations.length) {
    throw new Error(
      `Cannot migrate database: its schema version ${version} is newer than this program's ${migrations.length}`,
    );
  }
  for (; version < migrations.length; version++) {
    const step = migrations[version];
    db.exec("BEGIN IMMEDIATE");
    try {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (userVersion(db) > version) {
        db.exec("COMMIT");
        continue;
      }
      if (typeof step === "string") db.exec(step);
      else step(db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
  return version;
}

/** The schema version stored in the database (0 for a new one). */
export function userVersion(db: Database): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}
