import assert from "node:assert/strict";
import { join } from "node:path";
import { startMemoryWatcher } from "../../src/app/memory.ts";
import { createMemory } from "../../src/memory/mod.ts";
import { createFakeEmbedder, createTempWorkspace } from "../support/mod.ts";

Deno.test("startMemoryWatcher() reindexes a note written while it runs", async () => {
  await using ws = await createTempWorkspace();
  const memory = createMemory({
    workspace: ws.workspace,
    indexPath: ws.indexPath,
    nativeDir: ws.nativeDir,
    embedder: createFakeEmbedder(),
  });
  await memory.sync();
  const watcher = startMemoryWatcher(memory, { debounceMs: 50 });
  try {
    await new Promise((r) => setTimeout(r, 50));
    await Deno.writeTextFile(join(ws.workspace, "memory", "new.md"), "pineapple pizza");
    let found = 0;
    for (let i = 0; i < 100 && !found; i++) {
      await new Promise((r) => setTimeout(r, 30));
      found = (await memory.search("pineapple", { mode: "keyword" })).results.length;
    }
    assert.equal(found, 1);
  } finally {
    watcher.close();
    await watcher.closed;
    memory.close();
  }
});

Deno.test("startMemoryWatcher() indexes a session transcript appended to while it runs", async () => {
  await using ws = await createTempWorkspace();
  const dir = join(ws.root, "state", "agents", "main", "sessions");
  const memory = createMemory({
    workspace: ws.workspace,
    indexPath: ws.indexPath,
    nativeDir: ws.nativeDir,
    sessions: { dir },
  });
  await memory.sync();
  const watcher = startMemoryWatcher(memory, { debounceMs: 50 });
  try {
    await new Promise((r) => setTimeout(r, 50));
    const header = JSON.stringify({
      type: "session",
      version: 3,
      id: "s1",
      timestamp: "",
      cwd: "",
    });
    const message = { role: "user", content: "kumquat jam recipe", timestamp: 0 };
    await Deno.writeTextFile(
      join(dir, "s1.jsonl"),
      `${header}\n${JSON.stringify({ type: "message", message })}\n`,
    );
    let found = 0;
    for (let i = 0; i < 100 && !found; i++) {
      await new Promise((r) => setTimeout(r, 30));
      found = (await memory.search("kumquat", { mode: "keyword", source: "sessions" })).results
        .length;
    }
    assert.equal(found, 1);
  } finally {
    watcher.close();
    await watcher.closed;
    memory.close();
  }
});
