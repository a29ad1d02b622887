/** Loading the sqlite-vec extension (vec0) from the npm package, via the native cache. */
import type { Database } from "./sqlite.ts";
import { materializeNative } from "./native.ts";

/** Where the sqlite-vec library for this platform lives inside node_modules (or the binary). */
export async function vecLibraryPath(): Promise<string> {
  const { getLoadablePath } = await import("sqlite-vec");
  return getLoadablePath();
}

/** Loads sqlite-vec into `db` from a real file under `nativeDir`; returns its version. */
export async function loadVec(db: Database, nativeDir: string): Promise<string> {
  const [lib] = await materializeNative([await vecLibraryPath()], nativeDir);
  db.loadExtension(lib);
  const row = db.prepare("SELECT vec_version() AS v").get() as { v: string };
  return row.v;
}
