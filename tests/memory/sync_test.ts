import assert from "node:assert/strict";
import { join } from "node:path";
import { openMemoryIndex, searchMemory, syncMemory } from "../../src/memory/mod.ts";
import type { MemoryIndex, SyncOptions } from "../../src/memory/mod.ts";
import { createFakeEmbedder, createTempWorkspace, type TempWorkspace } from "../support/mod.ts";

async function setup(ws: TempWorkspace) {
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  const embedder = createFakeEmbedder();
  const opts = (): SyncOptions => ({ files: { workspace: ws.workspace }, embedder, batchSize: 4 });
  return { index, embedder, opts };
}

async function paths(index: MemoryIndex, query: string) {
  const res = await searchMemory(index, query, { mode: "keyword", limit: 20 });
  return res.results.map((r) => r.path).sort();
}

Deno.test("syncMemory() indexes MEMORY.md, memory/ and knowledge/ but not other folders", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("MEMORY.md", "apple");
  await ws.write("memory/2026-01-02.md", "apple daily");
  await ws.write("knowledge/deep/fact.md", "apple fact");
  await ws.write("skills/x/SKILL.md", "apple skill");
  await ws.write("memory/notes.txt", "apple text");
  const { index, opts } = await setup(ws);
  const result = await syncMemory(index, opts());
  assert.equal(result.scanned, 3);
  assert.deepEqual(await paths(index, "apple"), [
    "MEMORY.md",
    "knowledge/deep/fact.md",
    "memory/2026-01-02.md",
  ]);
  index.close();
});

Deno.test("syncMemory() follows memory.paths globs and honours excludes and .gitignore", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("projects/a/README.md", "banana project");
  await ws.write("projects/a/notes.txt", "banana txt");
  await ws.write("memory/secret/x.md", "banana secret");
  await ws.write("memory/tmp.md", "banana tmp");
  await ws.write(".gitignore", "tmp.md\n");
  const { index } = await setup(ws);
  await syncMemory(index, {
    files: {
      workspace: ws.workspace,
      paths: [{ path: "projects", pattern: "**/*.{md,txt}" }],
      exclude: ["secret/"],
    },
  });
  assert.deepEqual(await paths(index, "banana"), ["projects/a/README.md", "projects/a/notes.txt"]);
  index.close();
});

Deno.test("syncMemory() does not follow a symlink that leaves the workspace", async () => {
  await using ws = await createTempWorkspace();
  const outside = join(ws.root, "outside");
  await Deno.mkdir(outside);
  await Deno.writeTextFile(join(outside, "leak.md"), "cherry outside");
  await ws.write("knowledge/inside.md", "cherry inside");
  await Deno.symlink(outside, join(ws.workspace, "memory", "linked"));
  await Deno.symlink(
    join(ws.workspace, "knowledge", "inside.md"),
    join(ws.workspace, "memory", "alias.md"),
  );
  const { index, opts } = await setup(ws);
  await syncMemory(index, opts());
  assert.deepEqual(await paths(index, "cherry"), ["knowledge/inside.md", "memory/alias.md"]);
  index.close();
});

Deno.test("syncMemory() skips binary and non-UTF-8 files with a warning", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/bin.md", new Uint8Array([0x64, 0, 0x65]));
  await ws.write("memory/latin1.md", new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
  await ws.write("memory/ok.md", "fine");
  const { index, opts } = await setup(ws);
  const result = await syncMemory(index, opts());
  assert.equal(result.skipped, 2);
  assert.equal(result.warnings.length, 2);
  assert.match(result.warnings.join("\n"), /bin\.md.*binary/);
  assert.match(result.warnings.join("\n"), /latin1\.md.*UTF-8/);
  index.close();
});

Deno.test("syncMemory() warns about a skipped file once, and again only after it changes", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/bin.md", new Uint8Array([0x64, 0, 0x65]));
  const { index, opts } = await setup(ws);
  assert.equal((await syncMemory(index, opts())).warnings.length, 1);
  assert.equal(index.counts().files, 0);
  const again = await syncMemory(index, opts());
  assert.deepEqual([again.skipped, again.warnings], [0, []]);
  await ws.write("memory/bin.md", new Uint8Array([0x64, 0, 0x65, 0x66]));
  const changed = await syncMemory(index, opts());
  assert.equal(changed.warnings.length, 1);
  assert.match(changed.warnings[0], /bin\.md.*binary/);
  await ws.write("memory/bin.md", "now text about plums");
  const fixed = await syncMemory(index, opts());
  assert.deepEqual([fixed.changed, fixed.warnings], [1, []]);
  assert.deepEqual(await paths(index, "plums"), ["memory/bin.md"]);
  index.close();
});

Deno.test("syncMemory() drops the chunks of a file that became binary", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "quince words");
  const { index, opts } = await setup(ws);
  await syncMemory(index, opts());
  await ws.write("memory/a.md", new Uint8Array([0x71, 0, 0x75, 0x69]));
  const result = await syncMemory(index, opts());
  assert.equal(result.skipped, 1);
  assert.deepEqual(await paths(index, "quince"), []);
  index.close();
});

Deno.test("syncMemory() follows edits, additions, deletions and renames", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "grape one");
  await ws.write("memory/b.md", "grape two");
  const { index, opts } = await setup(ws);
  await syncMemory(index, opts());
  await ws.write("memory/a.md", "melon now");
  await ws.write("memory/c.md", "grape three");
  await Deno.remove(join(ws.workspace, "memory", "b.md"));
  await ws.write("memory/d.md", "kiwi");
  await Deno.rename(join(ws.workspace, "memory", "d.md"), join(ws.workspace, "memory", "e.md"));
  const result = await syncMemory(index, opts());
  assert.deepEqual([result.changed, result.removed], [3, 1]);
  assert.deepEqual(await paths(index, "grape"), ["memory/c.md"]);
  assert.deepEqual(await paths(index, "melon"), ["memory/a.md"]);
  assert.deepEqual(await paths(index, "kiwi"), ["memory/e.md"]);
  index.close();
});

Deno.test("syncMemory() only stats unchanged files and re-embeds only new chunk hashes", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "alpha");
  await ws.write("memory/b.md", "beta");
  const { index, embedder, opts } = await setup(ws);
  await syncMemory(index, opts());
  assert.equal(embedder.embeddedTexts, 2);
  const noop = await syncMemory(index, opts());
  assert.deepEqual([noop.changed, noop.embedded], [0, 0]);
  await ws.write("memory/b.md", "beta changed");
  const result = await syncMemory(index, opts());
  assert.deepEqual([result.changed, result.embedded], [1, 1]);
  assert.deepEqual(embedder.calls.at(-1), ["beta changed"]);
  index.close();
});

Deno.test("syncMemory() after a restart and a full reindex reuses the embedding cache", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "alpha");
  await ws.write("memory/b.md", "beta");
  const first = await setup(ws);
  await syncMemory(first.index, first.opts());
  first.index.close();
  const again = await setup(ws);
  const full = await syncMemory(again.index, { ...again.opts(), full: true });
  assert.equal(again.embedder.embeddedTexts, 0);
  assert.equal(full.reused, 2);
  again.index.close();
});

Deno.test("syncMemory() re-embeds everything when the model changes, never mixing vectors", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "alpha");
  const { index, opts } = await setup(ws);
  await syncMemory(index, opts());
  const other = createFakeEmbedder("other", 16);
  const result = await syncMemory(index, { ...opts(), embedder: other });
  assert.equal(result.embedded, 1);
  assert.equal(index.vectorModel(), "fake:other");
  assert.equal(index.counts().embedded, 1);
  index.close();
});

Deno.test("syncMemory() completes after an interrupted run", async () => {
  await using ws = await createTempWorkspace();
  for (let i = 0; i < 10; i++) await ws.write(`memory/n${i}.md`, `note number ${i}`);
  const { index, embedder, opts } = await setup(ws);
  embedder.failAfter = 1;
  const broken = await syncMemory(index, opts());
  assert.match(broken.embedError ?? "", /simulated crash/);
  assert.ok(broken.pending > 0);
  index.close();
  // A new process: the index opens and a plain reindex finishes the job.
  const again = await setup(ws);
  const result = await syncMemory(again.index, again.opts());
  assert.equal(result.pending, 0);
  assert.equal(result.chunks, 10);
  again.index.close();
});

Deno.test("syncMemory() indexes a 1000-file workspace", async () => {
  await using ws = await createTempWorkspace();
  for (let i = 0; i < 1000; i++) {
    await ws.write(
      `memory/f${i % 10}/note${i}.md`,
      `# Note ${i}\nword${i} ${"filler text ".repeat(40)}\n`,
    );
  }
  const { index, opts } = await setup(ws);
  const result = await syncMemory(index, { ...opts(), batchSize: 64 });
  assert.equal(result.scanned, 1000);
  assert.equal(result.pending, 0);
  assert.deepEqual(await paths(index, "word777"), ["memory/f7/note777.md"]);
  index.close();
});

Deno.test("syncMemory() re-reads but does not re-chunk a file whose mtime changed but content did not", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/a.md", "alpha");
  const { index, embedder, opts } = await setup(ws);
  await syncMemory(index, opts());
  await Deno.utime(
    join(ws.workspace, "memory", "a.md"),
    new Date(2030, 0, 1),
    new Date(2030, 0, 1),
  );
  const result = await syncMemory(index, opts());
  assert.deepEqual([result.changed, result.embedded, embedder.calls.length], [0, 0, 1]);
  assert.equal(index.files().get("memory/a.md")?.mtime, new Date(2030, 0, 1).getTime());
  index.close();
});
