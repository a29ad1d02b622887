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
