import assert from "node:assert/strict";
import { join } from "node:path";
import { createSessionStore, type SessionKind } from "../../src/agent/mod.ts";
import {
  type MemoryIndex,
  openMemoryIndex,
  searchMemory,
  syncMemory,
  syncSessions,
} from "../../src/memory/mod.ts";
import {
  assistantMessage,
  createFakeEmbedder,
  createTempWorkspace,
  type TempWorkspace,
  toolResult,
  userMessage,
} from "../support/mod.ts";

async function setup(ws: TempWorkspace) {
  const dir = join(ws.root, "state", "agents", "main", "sessions");
  const store = createSessionStore({ dir, now: () => new Date("2026-03-01T10:00:00Z") });
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  return { dir, store, index };
}

async function hits(index: MemoryIndex, query: string, source?: string) {
  const res = await searchMemory(index, query, { mode: "keyword", limit: 20, source });
  return res.results.map((r) => `${r.path}:${r.start_line}-${r.end_line}`);
}

async function conversation(
  store: ReturnType<typeof createSessionStore>,
  id: string,
  kind?: SessionKind,
) {
  const file = await store.create({ cwd: "/w", id, kind });
  await file.appendMessage(userMessage("Which train goes to Lyon?"));
  await file.appendMessage(
    assistantMessage("The 9:04 TGV from Gare de Lyon.", { toolCall: "bash" }),
  );
  await file.appendMessage(toolResult("timetable output zebra"));
  await file.appendMessage(assistantMessage("It arrives at 11:00."));
  return file;
}

Deno.test("syncSessions() indexes each transcript's user and assistant text under sessions/<file>", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await (await conversation(store, "s1")).close();
  const result = await syncSessions(index, { dir });
  assert.deepEqual(result, { scanned: 1, changed: 1, reread: 0, removed: 0, excluded: 0 });
  assert.deepEqual(await hits(index, "TGV Lyon", "sessions"), ["sessions/s1.jsonl:2-5"]);
  // Tool output is not conversation; the memory source holds no transcripts.
  assert.deepEqual(await hits(index, "zebra"), []);
  assert.deepEqual(await hits(index, "TGV", "memory"), []);
  const [hit] = (await searchMemory(index, "TGV", { mode: "keyword" })).results;
  assert.equal(hit.source, "sessions");
  assert.equal(hit.citation, "sessions/s1.jsonl#L2-L5");
  assert.match(hit.snippet, /^User: Which train goes to Lyon\?\nAssistant: The 9:04 TGV/);
  // Nothing changed: nothing is read.
  assert.equal((await syncSessions(index, { dir })).changed, 0);
  index.close();
});

Deno.test("syncSessions() reads only the bytes appended since the last sync", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  const file = await conversation(store, "s1");
  for (let i = 0; i < 3; i++) {
    await file.appendMessage(userMessage(`question number ${i} about walruses`));
    await file.appendMessage(assistantMessage(`answer ${i}`));
  }
  await syncSessions(index, { dir });
  // Change indexed text in place (same length, away from the header and the last line): a sync
  // that re-read the file would index "Marseille"; an incremental one never sees it.
  const path = join(dir, "s1.jsonl");
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(
    path,
    text.replace("Which train goes to Lyon?", "Which bus to Marseille?!!"),
  );
  await file.appendMessage(userMessage("and a return ticket to Paris"));
  await file.appendMessage(assistantMessage("Booked the return to Paris."));
  await file.close();
  const result = await syncSessions(index, { dir });
  assert.equal(result.changed, 1);
  assert.equal(result.reread, 0);
  assert.deepEqual(await hits(index, "Marseille"), []);
  assert.deepEqual(await hits(index, "Lyon"), ["sessions/s1.jsonl:2-9"]);
  // The open chunk (the third exchange on) was extended with the appended exchange.
  assert.deepEqual(await hits(index, "Paris"), ["sessions/s1.jsonl:10-13"]);
  assert.deepEqual((await hits(index, "walruses")).sort(), [
    "sessions/s1.jsonl:10-13",
    "sessions/s1.jsonl:2-9",
  ]);
  index.close();
});

Deno.test("syncSessions() indexes a truncated or rewritten transcript again from the start", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await (await conversation(store, "s1")).close();
  await syncSessions(index, { dir });
  const path = join(dir, "s1.jsonl");
  const lines = (await Deno.readTextFile(path)).split("\n");
  // Shorter: the last reply is gone.
  await Deno.writeTextFile(path, lines.slice(0, 3).join("\n") + "\n");
  let result = await syncSessions(index, { dir });
  assert.equal(result.reread, 1);
  assert.deepEqual(await hits(index, "arrives"), []);
  assert.deepEqual(await hits(index, "TGV"), ["sessions/s1.jsonl:2-3"]);
  // Longer, but the lines already read are different: also read again.
  const other = JSON.stringify({
    type: "message",
    message: userMessage("Ferry to Corsica timetable"),
  });
  await Deno.writeTextFile(path, [lines[0], other, other, other, ""].join("\n"));
  result = await syncSessions(index, { dir });
  assert.equal(result.reread, 1);
  assert.deepEqual(await hits(index, "TGV"), []);
  assert.deepEqual(await hits(index, "Corsica"), ["sessions/s1.jsonl:2-4"]);
  index.close();
});

Deno.test("syncSessions() leaves a line still being written for the next sync", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await (await store.create({ cwd: "/w", id: "s1" })).close();
  const path = join(dir, "s1.jsonl");
  const line = JSON.stringify({ type: "message", message: userMessage("pelican sighting today") });
  await Deno.writeTextFile(path, line.slice(0, 20), { append: true });
  await syncSessions(index, { dir });
  assert.deepEqual(await hits(index, "pelican"), []);
  await Deno.writeTextFile(path, line.slice(20) + "\n", { append: true });
  const result = await syncSessions(index, { dir });
  assert.equal(result.reread, 0);
  assert.deepEqual(await hits(index, "pelican"), ["sessions/s1.jsonl:2-2"]);
  index.close();
});

Deno.test("syncSessions() leaves out heartbeat sessions unless asked, by header or sessions.json", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await (await conversation(store, "beat", "heartbeat")).close();
  await (await conversation(store, "legacy")).close();
  // A heartbeat session known only from sessions.json (no kind in its header).
  const sessionsJson = join(dir, "sessions.json");
  const json = JSON.parse(await Deno.readTextFile(sessionsJson));
  json.legacy.kind = "heartbeat";
  await Deno.writeTextFile(sessionsJson, JSON.stringify(json));
  await (await conversation(store, "chat")).close();
  let result = await syncSessions(index, { dir });
  assert.equal(result.excluded, 2);
  assert.deepEqual(await hits(index, "TGV"), ["sessions/chat.jsonl:2-5"]);
  result = await syncSessions(index, { dir, includeHeartbeat: true });
  assert.deepEqual(
    (await hits(index, "TGV")).sort(),
    ["sessions/beat.jsonl:2-5", "sessions/chat.jsonl:2-5", "sessions/legacy.jsonl:2-5"],
  );
  // Turning it off again removes them.
  await Deno.utime(join(dir, "beat.jsonl"), new Date(), new Date(2030, 0, 1));
  await Deno.utime(join(dir, "legacy.jsonl"), new Date(), new Date(2030, 0, 1));
  result = await syncSessions(index, { dir });
  assert.equal(result.removed, 2);
  assert.deepEqual(await hits(index, "TGV"), ["sessions/chat.jsonl:2-5"]);
  index.close();
});

Deno.test("syncMemory() drops deleted transcripts, and every transcript when sessions are off", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await ws.write("MEMORY.md", "TGV notes");
  await (await conversation(store, "s1")).close();
  await (await conversation(store, "s2")).close();
  const files = { workspace: ws.workspace };
  const first = await syncMemory(index, { files, sessions: { dir } });
  assert.equal(first.sessions?.scanned, 2);
  assert.equal((await hits(index, "TGV")).length, 3);
  await store.delete("s1");
  const second = await syncMemory(index, { files, sessions: { dir } });
  assert.equal(second.sessions?.removed, 1);
  assert.deepEqual((await hits(index, "TGV")).sort(), ["MEMORY.md:1-1", "sessions/s2.jsonl:2-5"]);
  const off = await syncMemory(index, { files });
  assert.equal(off.sessions, undefined);
  assert.deepEqual(await hits(index, "TGV"), ["MEMORY.md:1-1"]);
  index.close();
});

Deno.test("searchMemory() with a source filters the vector leg inside the KNN query", async () => {
  await using ws = await createTempWorkspace();
  const { dir, store, index } = await setup(ws);
  await ws.write("MEMORY.md", "Which train goes to Lyon");
  await (await conversation(store, "s1")).close();
  const embedder = createFakeEmbedder();
  await syncMemory(index, { files: { workspace: ws.workspace }, sessions: { dir }, embedder });
  const paths = async (source?: string) =>
    (await searchMemory(index, "train Lyon", { mode: "vector", embedder, limit: 1, source }))
      .results.map((r) => r.path);
  assert.deepEqual(await paths("memory"), ["MEMORY.md"]);
  assert.deepEqual(await paths("sessions"), ["sessions/s1.jsonl"]);
  index.close();
});

Deno.test("openMemoryIndex() rebuilds a vec table of the old layout from the embedding cache", async () => {
  await using ws = await createTempWorkspace();
  const { index: old } = await setup(ws);
  await ws.write("MEMORY.md", "otters hold hands");
  const embedder = createFakeEmbedder();
  await syncMemory(old, { files: { workspace: ws.workspace }, embedder });
  // As an index written before vectors carried their source.
  old.db.exec("DELETE FROM meta WHERE key = 'vector_layout'");
  old.close();
  const index = await openMemoryIndex(ws.indexPath, { nativeDir: ws.nativeDir });
  assert.equal(index.vectorModel(), undefined);
  const calls = embedder.calls.length;
  const result = await syncMemory(index, { files: { workspace: ws.workspace }, embedder });
  assert.equal(result.reused, 1);
  assert.equal(embedder.calls.length, calls);
  const found = await searchMemory(index, "otters", { mode: "vector", embedder, source: "memory" });
  assert.deepEqual(found.results.map((r) => r.path), ["MEMORY.md"]);
  index.close();
});
