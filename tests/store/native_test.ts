import assert from "node:assert/strict";
import { join } from "node:path";
import { loadVec, materializeNative, openDatabase, vecLibraryPath } from "../../src/store/mod.ts";
import { createTempHome } from "../support/mod.ts";

Deno.test("materializeNative() copies files together into a content-addressed folder", async () => {
  await using home = await createTempHome();
  const src = join(home.root, "src");
  await Deno.mkdir(src);
  await Deno.writeTextFile(join(src, "libfoo.so"), "foo");
  await Deno.writeTextFile(join(src, "libfoo.so.1"), "foo-1");
  const out = await materializeNative(
    [join(src, "libfoo.so"), join(src, "libfoo.so.1")],
    join(home.root, "native"),
  );
  assert.equal(out.length, 2);
  assert.equal(join(out[0], ".."), join(out[1], ".."));
  assert.equal(await Deno.readTextFile(out[1]), "foo-1");
  const again = await materializeNative(
    [join(src, "libfoo.so"), join(src, "libfoo.so.1")],
    join(home.root, "native"),
  );
  assert.deepEqual(again, out);
  await Deno.writeTextFile(join(src, "libfoo.so"), "foo v2");
  const changed = await materializeNative([join(src, "libfoo.so")], join(home.root, "native"));
  assert.notEqual(join(changed[0], ".."), join(out[0], ".."));
});

Deno.test("loadVec() loads sqlite-vec from the cache copy, not from node_modules", async () => {
  await using home = await createTempHome();
  const nativeDir = join(home.root, "native");
  const db = openDatabase(join(home.root, "x.sqlite"));
  try {
    const version = await loadVec(db, nativeDir);
    assert.match(version, /^v\d+\.\d+/);
    const [dir] = await Array.fromAsync(Deno.readDir(nativeDir));
    const [lib] = await Array.fromAsync(Deno.readDir(join(nativeDir, dir.name)));
    assert.equal(lib.name, (await vecLibraryPath()).split("/").at(-1));
    const row = db.prepare("SELECT vec_length('[1.0, 2.0, 3.0]') AS n").get() as { n: number };
    assert.equal(row.n, 3);
  } finally {
    db.close();
  }
});

Deno.test("openDatabase() opens in WAL mode with a busy timeout", async () => {
  await using home = await createTempHome();
  const db = openDatabase(join(home.root, "deep", "dir", "x.sqlite"));
  try {
    const mode = db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
    assert.equal(mode.journal_mode, "wal");
    const timeout = db.prepare("PRAGMA busy_timeout").get() as { timeout: number };
    assert.equal(timeout.timeout, 5000);
  } finally {
    db.close();
  }
});
