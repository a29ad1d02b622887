/** Session transcripts in `localgpt memory search` and the memory_search tool (memory.index_sessions). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSessionStore } from "../../src/agent/mod.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { openMemory } from "../../src/app/memory.ts";
import { createMemorySearchTool } from "../../src/tools/mod.ts";
import {
  assistantMessage,
  createTempHome,
  runCliCaptured,
  type TempHome,
  userMessage,
} from "../support/mod.ts";

async function setup(home: TempHome, indexSessions: boolean) {
  await home.writeConfig(
    `[memory]\nindex_sessions = ${indexSessions}\n[memory.embedding]\nprovider = "none"\n`,
  );
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(ws, "memory"), { recursive: true });
  await Deno.writeTextFile(join(ws, "MEMORY.md"), "The boat is called Heron.\n");
  const sessions = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  const store = createSessionStore({ dir: sessions });
  for (const [id, kind] of [["chat1", undefined], ["beat1", "heartbeat"]] as const) {
    const file = await store.create({ cwd: ws, id, kind });
    await file.appendMessage(userMessage("What should we name the boat?"));
    await file.appendMessage(assistantMessage("How about Heron, after the bird on the dock?"));
    await file.close();
  }
}

Deno.test("localgpt memory search --sessions --json finds past conversations, not heartbeat runs", async () => {
  await using home = await createTempHome();
  await setup(home, true);
  const run = await runCliCaptured(
    ["memory", "search", "heron", "--sessions", "--json"],
    home.host,
  );
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.deepEqual(
    out.results.map((r: { path: string; source: string }) => `${r.source}:${r.path}`).sort(),
    ["memory:MEMORY.md", "sessions:sessions/chat1.jsonl"],
  );
  const only = await runCliCaptured(
    ["memory", "search", "heron", "--source", "sessions", "--json"],
    home.host,
  );
  assert.deepEqual(JSON.parse(only.stdout).results.map((r: { path: string }) => r.path), [
    "sessions/chat1.jsonl",
  ]);
  // Without the flag: memory files only.
  const plain = await runCliCaptured(["memory", "search", "heron", "--json"], home.host);
  assert.deepEqual(JSON.parse(plain.stdout).results.map((r: { path: string }) => r.path), [
    "MEMORY.md",
  ]);
  const text = await runCliCaptured(["memory", "search", "heron", "--sessions"], home.host);
  assert.match(
    text.stdout,
    /sessions\/chat1\.jsonl:2-3 .*\n {3}User: What should we name the boat\?/,
  );
});

Deno.test("localgpt memory search --sessions exits 2 and says how when index_sessions is off", async () => {
  await using home = await createTempHome();
  await setup(home, false);
  const run = await runCliCaptured(["memory", "search", "heron", "--sessions"], home.host);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /memory\.index_sessions is false \(run: localgpt config set memory\.index_sessions true\)/,
  );
});

Deno.test("localgpt memory reindex and stats count the indexed sessions", async () => {
  await using home = await createTempHome();
  await setup(home, true);
  const run = await runCliCaptured(["memory", "reindex", "--json"], home.host);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.deepEqual(result.sessions, { scanned: 2, changed: 1, reread: 0, removed: 0, excluded: 1 });
  const stats = JSON.parse((await runCliCaptured(["memory", "stats", "--json"], home.host)).stdout);
  assert.equal(stats.sessions, 1);
  assert.equal(stats.session_chunks, 1);
});

Deno.test("memory_search takes a source and reports each hit's source when sessions are indexed", async () => {
  await using home = await createTempHome();
  await setup(home, true);
  const memory = openMemory(await loadConfig({ host: home.host }), { home: home.host.home });
  try {
    const tool = createMemorySearchTool({ memory });
    assert.match(tool.description, /past conversations/);
    const search = async (args: Record<string, unknown>) =>
      JSON.parse((await tool.execute({ query: "heron", ...args }, { delimiters: false })).content)
        .results
        .map((r: { source: string; path: string }) => `${r.source}:${r.path}`).sort();
    assert.deepEqual(await search({}), ["memory:MEMORY.md", "sessions:sessions/chat1.jsonl"]);
    assert.deepEqual(await search({ source: "sessions" }), ["sessions:sessions/chat1.jsonl"]);
    assert.deepEqual(await search({ source: "memory" }), ["memory:MEMORY.md"]);
    await assert.rejects(tool.execute({ query: "heron", source: "everything" }));
  } finally {
    memory.close();
  }
});

Deno.test("memory_search offers no source parameter when sessions are not indexed", async () => {
  await using home = await createTempHome();
  await setup(home, false);
  const memory = openMemory(await loadConfig({ host: home.host }), { home: home.host.home });
  try {
    const tool = createMemorySearchTool({ memory });
    assert.equal("source" in (tool.parameters.properties as Record<string, unknown>), false);
    const out = JSON.parse((await tool.execute({ query: "heron" }, { delimiters: false })).content);
    assert.deepEqual(out.results.map((r: { path: string }) => r.path), ["MEMORY.md"]);
  } finally {
    memory.close();
  }
});
