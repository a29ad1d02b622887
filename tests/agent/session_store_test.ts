import assert from "node:assert/strict";
import { join } from "node:path";
import { createSessionStore } from "../../src/agent/session_store.ts";
import { applyEntry, newIndexEntry, readSessionIndex } from "../../src/agent/session_index.ts";
import { parseTranscript } from "../../src/agent/transcript_read.ts";
import { assistantMessage, createTempHome, toolResult, userMessage } from "../support/mod.ts";

const clock = () => {
  let t = Date.parse("2026-03-01T10:00:00Z");
  return () => new Date(t += 1000);
};

Deno.test("SessionStore.create() writes a v3 header and each message as its own line at once", async () => {
  await using home = await createTempHome();
  const store = createSessionStore({ dir: join(home.root, "sessions"), now: clock() });
  const file = await store.create({ cwd: "/ws", id: "s1" });
  const first = await file.appendMessage(userMessage("hello"));
  const lines = (await Deno.readTextFile(file.path)).split("\n");
  assert.equal(lines.length, 3);
  assert.deepEqual(JSON.parse(lines[0]), {
    type: "session",
    version: 3,
    id: "s1",
    timestamp: "2026-03-01T10:00:01.000Z",
    cwd: "/ws",
  });
  const entry = JSON.parse(lines[1]);
  assert.equal(entry.type, "message");
  assert.match(entry.id, /^[0-9a-f]{8}$/);
  assert.equal(entry.parentId, null);
  const second = await file.appendMessage(assistantMessage("hi"));
  assert.equal(second.parentId, first.id);
  await file.close();
});

Deno.test("SessionStore.create() makes the transcript and index readable by the owner only", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir });
  const file = await store.create({ cwd: "/ws" });
  await file.appendMessage(userMessage("x"));
  await file.close();
  assert.equal((await Deno.stat(file.path)).mode! & 0o777, 0o600);
  assert.equal((await Deno.stat(join(dir, "sessions.json"))).mode! & 0o777, 0o600);
});

Deno.test("SessionStore keeps sessions.json in step: title, model, tokens and cost", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir, now: clock() });
  const file = await store.create({ cwd: "/ws", id: "s1" });
  await file.appendMessage(userMessage("What is   the weather in Berlin?"));
  await file.appendMessage(
    assistantMessage("Let me look.", { toolCall: "web_fetch", input: 100, output: 20, cost: 0.01 }),
  );
  await file.appendMessage(toolResult("sunny", "web_fetch"));
  await file.appendMessage(assistantMessage("Sunny.", { input: 150, output: 5, cost: 0.02 }));
  await file.close();
  const entry = (await readSessionIndex(dir)).s1;
  assert.equal(entry.title, "What is the weather in Berlin?");
  assert.equal(entry.model, "openai/gpt-test");
  assert.equal(entry.messageCount, 4);
  assert.deepEqual([entry.inputTokens, entry.outputTokens, entry.totalTokens], [250, 25, 275]);
  assert.ok(Math.abs(entry.costUsd - 0.03) < 1e-9);
  assert.equal(entry.createdAt, Date.parse("2026-03-01T10:00:01Z"));
  assert.equal(entry.updatedAt, Date.parse("2026-03-01T10:00:05Z"));
});

Deno.test("SessionStore.open() resumes after a kill mid-write: drops the cut line, appends cleanly", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir });
  const file = await store.create({ cwd: "/ws", id: "s1" });
  const kept = await file.appendMessage(userMessage("kept"));
  await file.close();
  await Deno.writeTextFile(file.path, '{"type":"message","id":"dead","parentId":"x","mes', {
    append: true,
  });

  const opened = await store.open("s1");
  assert.equal(opened.transcript.truncatedTail, true);
  assert.deepEqual(opened.context.messages.map((m) => m.content), ["kept"]);
  const next = await opened.file.appendMessage(userMessage("after resume"));
  await opened.file.close();
  assert.equal(next.parentId, kept.id);
  const reread = parseTranscript(await Deno.readTextFile(file.path));
  assert.equal(reread.truncatedTail, false);
  assert.deepEqual(reread.warnings, []);
  assert.equal(reread.entries.length, 2);
});

Deno.test("SessionStore.open() appends to a v1 transcript with parents that survive a reload", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "legacy.jsonl"),
    '{"type":"session","version":1,"id":"legacy","timestamp":"2025-01-01T00:00:00Z","cwd":"/"}\n' +
      '{"type":"message","timestamp":"2025-01-01T00:00:01Z","message":{"role":"user","content":"old","timestamp":1}}',
  );
  const store = createSessionStore({ dir });
  const opened = await store.open("legacy");
  await opened.file.appendMessage(userMessage("new"));
  await opened.file.close();
  const reread = parseTranscript(await Deno.readTextFile(join(dir, "legacy.jsonl")));
  assert.deepEqual(reread.entries.map((e) => e.parentId), [null, "00000001"]);
});

Deno.test("SessionStore.list() is newest first and includes transcripts missing from the index", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir, now: clock() });
  for (const id of ["older", "newer"]) {
    const file = await store.create({ cwd: "/ws", id });
    await file.appendMessage(userMessage(`title ${id}`));
    await file.close();
  }
  await Deno.writeTextFile(
    join(dir, "orphan.jsonl"),
    '{"type":"session","version":3,"id":"orphan","timestamp":"2020-01-01T00:00:00Z","cwd":"/"}\n',
  );
  const list = await store.list();
  assert.deepEqual(list.map((s) => [s.sessionId, s.title]), [
    ["newer", "title newer"],
    ["older", "title older"],
    ["orphan", undefined],
  ]);
});

Deno.test("SessionStore.resolve() accepts a unique prefix and rejects ambiguous or unknown ones", async () => {
  await using home = await createTempHome();
  const store = createSessionStore({ dir: join(home.root, "sessions") });
  for (const id of ["abc123", "abd456"]) await (await store.create({ cwd: "/", id })).close();
  assert.equal(await store.resolve("abc"), "abc123");
  await assert.rejects(store.resolve("ab"), /matches 2 sessions/);
  await assert.rejects(store.resolve("zz"), /Cannot find session "zz"/);
});

Deno.test("SessionStore.delete() removes the transcript and the index entry", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir });
  await (await store.create({ cwd: "/", id: "gone" })).close();
  assert.equal(await store.delete("gone"), true);
  assert.equal(await store.delete("gone"), false);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(await readSessionIndex(dir), {});
});

Deno.test("SessionStore rejects ids outside [A-Za-z0-9_-]{1,128}", async () => {
  await using home = await createTempHome();
  const store = createSessionStore({ dir: join(home.root, "sessions") });
  await assert.rejects(store.open("../etc/passwd"), /Invalid session id/);
  await assert.rejects(store.create({ cwd: "/", id: "a".repeat(129) }), /Invalid session id/);
});

Deno.test("TranscriptFile.append() keeps concurrent appends in order with a parent chain", async () => {
  await using home = await createTempHome();
  const store = createSessionStore({ dir: join(home.root, "sessions") });
  const file = await store.create({ cwd: "/", id: "s" });
  const entries = await Promise.all(
    Array.from({ length: 10 }, (_, i) => file.appendMessage(userMessage(`m${i}`))),
  );
  await file.close();
  for (let i = 1; i < entries.length; i++) assert.equal(entries[i].parentId, entries[i - 1].id);
  const reread = parseTranscript(await Deno.readTextFile(file.path));
  assert.deepEqual(
    reread.entries.map((e) => e.type === "message" && e.message.content),
    entries.map((_, i) => `m${i}`),
  );
});

Deno.test("SessionStore.prune() deletes sessions past the age or count limit but keeps the given ones", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  let t = Date.parse("2026-03-01T00:00:00Z");
  const now = () => new Date(t);
  const store = createSessionStore({ dir, now });
  for (const id of ["ancient", "old", "mid", "new"]) {
    const file = await store.create({ cwd: "/", id });
    await file.appendMessage(userMessage(id));
    await file.close();
    t += 10 * 86_400_000;
  }
  const byAge = await store.prune({ maxAgeMs: 25 * 86_400_000, maxCount: 100 });
  assert.deepEqual(byAge.sort(), ["ancient", "old"]);
  const byCount = await store.prune({ maxAgeMs: 1e12, maxCount: 0, keep: ["mid"] });
  assert.deepEqual(byCount, ["new"]);
  assert.deepEqual((await store.list()).map((s) => s.sessionId), ["mid"]);
});

Deno.test("SessionStore.checkpoint() copies the transcript and keeps the newest copies", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "agents", "main", "sessions");
  const store = createSessionStore({ dir });
  const file = await store.create({ cwd: "/", id: "s" });
  for (let i = 1; i <= 4; i++) {
    await file.appendMessage(userMessage(`m${i}`));
    await store.checkpoint("s", 2);
  }
  await file.close();
  const copies = await store.checkpoints("s");
  assert.deepEqual(copies, [
    join(home.root, "agents", "main", "checkpoints", "s.3.jsonl"),
    join(home.root, "agents", "main", "checkpoints", "s.4.jsonl"),
  ]);
  const third = parseTranscript(await Deno.readTextFile(copies[0]));
  assert.equal(third.entries.length, 3);
  assert.equal((await Deno.stat(copies[1])).mode! & 0o777, 0o600);
  assert.equal(await store.checkpoint("s", 0), undefined);
});

Deno.test("applyEntry() records the model with the prefix users write (openai-compatible/x)", () => {
  const reply = { ...assistantMessage("Hi"), provider: "openai_compatible", model: "x" };
  const entry = applyEntry(newIndexEntry("s1", 0), {
    type: "message",
    id: "a1",
    parentId: null,
    timestamp: "2026-03-01T10:00:00.000Z",
    message: reply,
  });
  assert.equal(entry.model, "openai-compatible/x");
});

Deno.test("applyEntry() does not count a hidden custom message as a message", () => {
  const entry = applyEntry(newIndexEntry("s1", 0), {
    type: "message",
    id: "c1",
    parentId: null,
    timestamp: "2026-03-01T10:00:00.000Z",
    message: {
      role: "custom",
      customType: "memory_flush_prompt",
      content: "x",
      display: false,
      timestamp: 0,
    },
  });
  assert.equal(entry.messageCount, 0);
  assert.equal(entry.title, undefined);
});

Deno.test("SessionStore.create() records a session's kind in its header and in sessions.json", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const store = createSessionStore({ dir, now: clock() });
  const beat = await store.create({ cwd: "/ws", id: "beat", kind: "heartbeat" });
  await beat.appendMessage(userMessage("Read HEARTBEAT.md"));
  await beat.close();
  const chat = await store.create({ cwd: "/ws", id: "chat" });
  await chat.close();
  const header = JSON.parse((await Deno.readTextFile(join(dir, "beat.jsonl"))).split("\n")[0]);
  assert.equal(header.kind, "heartbeat");
  const index = await readSessionIndex(dir);
  assert.equal(index.beat.kind, "heartbeat");
  assert.equal("kind" in index.chat, false);
  // Reopened (or rebuilt from the transcript), the kind stays.
  const reopened = await store.open("beat");
  await reopened.file.appendMessage(userMessage("again"));
  await reopened.file.close();
  assert.equal((await readSessionIndex(dir)).beat.kind, "heartbeat");
  await Deno.remove(join(dir, "sessions.json"));
  const listed = await store.list();
  assert.deepEqual(listed.map((s) => [s.sessionId, s.kind]), [["beat", "heartbeat"], [
    "chat",
    undefined,
  ]]);
});
