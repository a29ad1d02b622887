import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createLocalEmbedder,
  type Embedder,
  openMemoryIndex,
  searchMemory,
  syncMemory,
} from "../../src/memory/mod.ts";
import {
  createTempWorkspace,
  type TempWorkspace,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

function testModel(ws: TempWorkspace, modelDir = TEST_MODEL_DIR): Embedder {
  return createLocalEmbedder({
    model: TEST_MODEL,
    modelDir,
    cacheDir: join(ws.root, "cache", "models"),
    allowDownload: false,
    nativeDir: ws.nativeDir,
  });
}

async function indexed(ws: TempWorkspace, embedder: Embedder) {
  await ws.write("memory/2026-01-10.md", "# Pets\nI love my cat\n");
  await ws.write("knowledge/car.md", "Fixing my car at the garage\n");
  await ws.write("knowledge/film.md", "We will watch a film on Friday\n");
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  await syncMemory(index, { files: { workspace: ws.workspace }, embedder });
  return index;
}

Deno.test("searchMemory() finds a note by meaning in hybrid mode but not in keyword mode", async () => {
  await using ws = await createTempWorkspace();
  const embedder = testModel(ws);
  const index = await indexed(ws, embedder);
  const hybrid = await searchMemory(index, "feline", { embedder });
  assert.equal(hybrid.mode, "hybrid");
  assert.equal(hybrid.results[0].path, "memory/2026-01-10.md");
  assert.deepEqual([hybrid.results[0].start_line, hybrid.results[0].end_line], [1, 2]);
  const keyword = await searchMemory(index, "feline", { embedder, mode: "keyword" });
  assert.equal(keyword.mode, "keyword");
  assert.deepEqual(keyword.results, []);
  index.close();
});

Deno.test("searchMemory() ranks the synonym note first in vector mode", async () => {
  await using ws = await createTempWorkspace();
  const embedder = testModel(ws);
  const index = await indexed(ws, embedder);
  const res = await searchMemory(index, "automobile repair", { embedder, mode: "vector" });
  assert.equal(res.mode, "vector");
  assert.equal(res.results[0].path, "knowledge/car.md");
  assert.ok(res.results.every((r) => r.score >= 0 && r.score <= 1));
  index.close();
});

Deno.test("searchMemory() falls back to keyword search, with a reason, when the model folder is missing", async () => {
  await using ws = await createTempWorkspace();
  const missing = testModel(ws, join(ws.root, "no-models"));
  const index = await indexed(ws, missing);
  const res = await searchMemory(index, "cat", { embedder: missing });
  assert.equal(res.mode, "keyword");
  assert.match(res.reason ?? "", /not found in .*no-models and allow_download is false/);
  assert.equal(res.results[0].path, "memory/2026-01-10.md");
  index.close();
});

Deno.test("searchMemory() keeps an exact keyword hit on top in hybrid mode", async () => {
  await using ws = await createTempWorkspace();
  const embedder = testModel(ws);
  await ws.write("memory/code.md", "The deploy token is ZX81-QUARK\n");
  const index = await indexed(ws, embedder);
  const res = await searchMemory(index, "QUARK", { embedder, minScore: 0.3 });
  assert.equal(res.results[0]?.path, "memory/code.md");
  index.close();
});

Deno.test("searchMemory() never raises on query text full of FTS operators", async () => {
  await using ws = await createTempWorkspace();
  const embedder = testModel(ws);
  const index = await indexed(ws, embedder);
  const nasty = [
    'cat"',
    "cat AND OR NOT",
    "(cat",
    "-cat",
    "cat*",
    "NEAR(cat film",
    "^cat:",
    '"""',
    "*",
    "{}[]",
  ];
  for (const q of nasty) {
    for (const mode of ["keyword", "hybrid"] as const) {
      const res = await searchMemory(index, q, { embedder, mode });
      assert.ok(Array.isArray(res.results), q);
    }
  }
  const quoted = await searchMemory(index, 'cat" OR "dog', { mode: "keyword" });
  assert.equal(quoted.results[0].path, "memory/2026-01-10.md");
  index.close();
});

Deno.test("searchMemory() finds Chinese and Japanese text by a word inside it", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/zh.md", "我们明天开会讨论预算的问题\n");
  await ws.write("memory/ja.md", "今日は猫と一緒に公園へ行きました\n");
  await ws.write("memory/en.md", "nothing asian here\n");
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  await syncMemory(index, { files: { workspace: ws.workspace } });
  const zh = await searchMemory(index, "预算", { mode: "keyword" });
  assert.deepEqual(zh.results.map((r) => r.path), ["memory/zh.md"]);
  const ja = await searchMemory(index, "公園", { mode: "keyword" });
  assert.deepEqual(ja.results.map((r) => r.path), ["memory/ja.md"]);
  const one = await searchMemory(index, "猫", { mode: "keyword" });
  assert.deepEqual(one.results.map((r) => r.path), ["memory/ja.md"]);
  index.close();
});

Deno.test("searchMemory() returns snippets of at most 700 characters with citations", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("MEMORY.md", `${"lorem ipsum ".repeat(150)}\n`);
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  await syncMemory(index, { files: { workspace: ws.workspace } });
  const res = await searchMemory(index, "lorem", { mode: "keyword" });
  assert.equal(res.results[0].snippet.length, 700);
  assert.equal(res.results[0].citation, "MEMORY.md#L1");
  assert.equal(res.results[0].source, "memory");
  index.close();
});

Deno.test("searchMemory() gives the same results after the index is deleted and rebuilt", async () => {
  await using ws = await createTempWorkspace();
  const embedder = testModel(ws);
  let index = await indexed(ws, embedder);
  const before = await searchMemory(index, "feline movie", { embedder });
  index.close();
  for (const suffix of ["", "-wal", "-shm"]) {
    await Deno.remove(ws.indexPath + suffix).catch(() => {});
  }
  index = await indexed(ws, embedder);
  const after = await searchMemory(index, "feline movie", { embedder });
  assert.deepEqual(after, before);
  index.close();
});
