import assert from "node:assert/strict";
import { join } from "node:path";
import type { SessionEvent } from "../../src/agent/mod.ts";
import { compactionScript, createTestAgent, textReply, toolCallReply } from "../support/mod.ts";

Deno.test("Session.send() runs a tool-using conversation and persists every message", async () => {
  await using t = await createTestAgent([
    toolCallReply("write_file", { path: "notes/a.txt", content: "alpha\nbeta\n" }, "c1"),
    toolCallReply("read_file", { path: "notes/a.txt" }, "c2"),
    textReply("The file says alpha and beta."),
  ]);
  const session = await t.open();
  const events: SessionEvent[] = [];
  const result = await session.send("write then read", { onEvent: (e) => events.push(e) });
  assert.equal(result.text, "The file says alpha and beta.");
  assert.equal(result.stopReason, "stop");
  assert.equal(await Deno.readTextFile(join(t.workspace, "notes/a.txt")), "alpha\nbeta\n");
  const kinds = events.filter((e) => e.type !== "text_delta").map((e) => e.type);
  assert.deepEqual(kinds, ["session", "tool_start", "tool_end", "tool_start", "tool_end", "done"]);
  const readEnd = events.filter((e) => e.type === "tool_end")[1];
  assert.ok(readEnd.type === "tool_end" && /<tool_output tool="read_file">/.test(readEnd.output));
  assert.ok(readEnd.type === "tool_end" && readEnd.output.includes("   1\talpha"));
  await session.close();
  const transcript = await t.store.read(session.id);
  const roles = transcript.entries.map((e) => e.type === "message" ? e.message.role : e.type);
  assert.deepEqual(roles, [
    "user",
    "assistant",
    "toolResult",
    "assistant",
    "toolResult",
    "assistant",
  ]);
  const second = t.provider.calls[1].context.messages;
  assert.equal(second.at(-1)?.role, "tool");
});

Deno.test("Session.send() keeps what was said when aborted mid-tool", async () => {
  await using t = await createTestAgent([
    [
      { type: "start", provider: "fake", model: "fake/fake-model" },
      { type: "text_delta", text: "Running it now." },
      ...toolCallReply("bash", { command: "sleep 20" }, "c1").slice(1, 2),
      {
        type: "done",
        stopReason: "tool_use",
        message: {
          role: "assistant",
          content: [
            { type: "text", text: "Running it now." },
            { type: "tool_call", id: "c1", name: "bash", arguments: '{"command":"sleep 20"}' },
          ],
          model: "fake/fake-model",
        },
      },
    ],
  ]);
  const session = await t.open();
  const controller = new AbortController();
  const started = Date.now();
  const result = await session.send("run a slow command", {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === "tool_start") setTimeout(() => controller.abort(), 200);
    },
  });
  assert.equal(result.stopReason, "aborted");
  assert.ok(Date.now() - started < 10000, "the command was killed");
  assert.equal(t.provider.calls.length, 1);
  await session.close();
  const messages = (await t.store.open(session.id)).context.messages;
  assert.deepEqual(messages.map((m) => m.role), ["user", "assistant", "toolResult"]);
  const assistant = messages[1];
  assert.ok(assistant.role === "assistant" && assistant.content[0].type === "text");
  const tool = messages[2];
  assert.ok(tool.role === "toolResult" && /aborted/i.test(JSON.stringify(tool.content)));
});

Deno.test("openSession() resumes after a kill that left a truncated JSONL line", async () => {
  await using t = await createTestAgent([textReply("first answer"), textReply("second answer")]);
  const first = await t.open();
  await first.send("question one");
  await first.close();
  const path = join(t.store.dir, `${first.id}.jsonl`);
  await Deno.writeTextFile(path, '{"type":"message","id":"dead01","parentId":null,"mess', {
    append: true,
  });
  const resumed = await t.open({ resume: true });
  assert.equal(resumed.id, first.id);
  assert.equal(resumed.resumed, true);
  assert.deepEqual(resumed.messages.map((m) => m.role), ["user", "assistant"]);
  await resumed.send("question two");
  await resumed.close();
  const sent = t.provider.calls[1].context.messages.map((m) => m.role);
  assert.deepEqual(sent, ["user", "assistant", "user"]);
  const reread = await t.store.read(first.id);
  assert.equal(reread.truncatedTail, false);
  assert.equal(reread.warnings.length, 0);
  assert.equal(reread.entries.length, 4);
});

Deno.test("Session compacts near the window after a silent memory-flush turn", async () => {
  await using t = await createTestAgent([
    textReply("a".repeat(1200)),
    textReply("b".repeat(4000)),
    // flush turn: the model saves a note, then says NO_REPLY
    toolCallReply("memory_save", { content: "User likes long answers." }, "f1"),
    textReply("NO_REPLY"),
    // the summary
    textReply("Summary: two long answers were given."),
    textReply("third answer"),
  ], {
    settings: { contextWindow: 3400, reserveTokens: 0 },
  });
  await Deno.writeTextFile(
    join(t.workspace, "AGENTS.md"),
    "# Agents\n\n## Session Startup\nRead MEMORY.md first.\n",
  );
  const session = await t.open();
  await session.send("first " + "x".repeat(600));
  await session.send("second " + "y".repeat(600));
  const events: SessionEvent[] = [];
  const result = await session.send("third", { onEvent: (e) => events.push(e) });
  assert.equal(result.text, "third answer");
  const compaction = events.find((e) => e.type === "compaction");
  assert.ok(compaction?.type === "compaction" && compaction.flushed);
  assert.ok(compaction.tokensAfter < compaction.tokensBefore);
  assert.ok(
    !events.some((e) => e.type === "text_delta" && e.text === "NO_REPLY"),
    "flush is silent",
  );
  const note = await Deno.readTextFile(join(t.workspace, "memory", "2026-03-01.md"));
  assert.match(note, /User likes long answers\./);
  assert.equal(session.summary, "Summary: two long answers were given.");
  assert.equal(session.compactions, 1);
  const flushPrompt = t.provider.calls[2].context.messages.at(-1);
  assert.match(String(flushPrompt?.content), /Pre-compaction memory flush/);
  const last = t.provider.calls.at(-1)!.context;
  assert.match(last.systemDynamic ?? "", /two long answers/);
  assert.ok(
    last.messages.some((m) => m.role === "user" && /Post-compaction/.test(String(m.content))),
  );
  await session.close();
  const reopened = await t.open({ id: session.id });
  assert.equal(reopened.summary, session.summary);
  assert.equal(reopened.compactions, 1);
  await reopened.close();
});

Deno.test("Session.compact() reports tokens before and after when forced", async () => {
  await using t = await createTestAgent(compactionScript());
  const session = await t.open();
  for (const q of ["q1 " + "z".repeat(400), "q2", "q3"]) await session.send(q);
  const r = await session.compact();
  assert.equal(r.compacted, true);
  assert.equal(r.flushed, true);
  assert.ok(r.tokensAfter < r.tokensBefore, `${r.tokensBefore} → ${r.tokensAfter}`);
  assert.equal(session.messages.length, 4);
  await session.close();
});

Deno.test("Session.compact() records the memory-flush prompt as a hidden message, not a user one", async () => {
  await using t = await createTestAgent(compactionScript());
  const session = await t.open();
  for (const q of ["q1", "q2", "q3"]) await session.send(q);
  await session.compact();
  const texts = session.messages.filter((m) => m.role === "user").map((m) => String(m.content));
  assert.ok(!texts.some((text) => /Pre-compaction memory flush/.test(text)), texts.join(" | "));
  const hidden = session.messages.find((m) => m.role === "custom");
  assert.ok(hidden?.role === "custom" && hidden.display === false);
  assert.match(String(hidden.content), /Pre-compaction memory flush/);
  await session.close();
});

Deno.test("Session.compact() on a short session calls no model: no flush, no summary", async () => {
  await using t = await createTestAgent([textReply("one")]);
  const session = await t.open();
  await session.send("q1");
  const r = await session.compact();
  assert.equal(r.compacted, false);
  assert.equal(r.flushed, false);
  assert.equal(r.tokensAfter, r.tokensBefore);
  assert.equal(t.provider.calls.length, 1);
  await session.close();
});

Deno.test("Session.send() queues turns sent while one is running", async () => {
  await using t = await createTestAgent([textReply("A"), textReply("B")]);
  const session = await t.open();
  const [a, b] = await Promise.all([session.send("first"), session.send("second")]);
  assert.deepEqual([a.text, b.text], ["A", "B"]);
  assert.deepEqual(session.messages.map((m) => m.role), ["user", "assistant", "user", "assistant"]);
  await session.close();
});

Deno.test("Session asks for approval and refuses the tool when it is denied", async () => {
  const asked: string[] = [];
  await using t = await createTestAgent([
    toolCallReply("write_file", { path: "x.txt", content: "x" }),
    textReply("ok"),
  ], {
    settings: { requireApproval: ["write_file"] },
    approve: (r) => {
      asked.push(`${r.name}:${r.detail}`);
      return Promise.resolve(false);
    },
  });
  const session = await t.open();
  await session.send("write x");
  assert.deepEqual(asked, ["write_file:x.txt"]);
  assert.equal(await Deno.stat(join(t.workspace, "x.txt")).then(() => true, () => false), false);
  const result = t.provider.calls[1].context.messages.at(-1);
  assert.ok(result?.role === "tool" && /did not approve/.test(result.content[0].content));
  await session.close();
});

Deno.test("openSession() keeps a /model switch when resuming without a model flag", async () => {
  await using t = await createTestAgent([textReply("hi")]);
  const session = await t.open();
  await session.send("hello");
  await session.setModel("other/model-b");
  await session.close();
  const { openSession } = await import("../../src/agent/mod.ts");
  const again = await openSession(t.deps, {
    model: "fake/fake-model",
    resume: true,
    preferRecordedModel: true,
  });
  assert.equal(again.model, "other/model-b");
  await again.close();
  const forced = await openSession(t.deps, { model: "fake/fake-model", resume: true });
  assert.equal(forced.model, "fake/fake-model");
  await forced.close();
});

Deno.test("openSession() writes no transcript for a session that never got a message", async () => {
  await using t = await createTestAgent([textReply("hi")]);
  const empty = await t.open();
  await empty.close();
  assert.deepEqual(await t.store.list(), []);
  const used = await t.open();
  await used.send("hello");
  await used.close();
  assert.deepEqual((await t.store.list()).map((s) => s.sessionId), [used.id]);
  assert.equal(used.path, join(t.store.dir, `${used.id}.jsonl`));
});
