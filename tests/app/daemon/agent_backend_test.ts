import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type AgentChatBackendOptions,
  createAgentChatBackend,
} from "../../../src/app/daemon/agent_backend.ts";
import { type ChatEvent, UnknownSessionError } from "../../../src/channels/http/mod.ts";
import { ProviderError, type StreamEvent } from "../../../src/core/mod.ts";
import type { StreamFn } from "../../../src/llm/mod.ts";
import {
  compactionScript,
  createTestAgent,
  type TestAgent,
  textReply,
  toolCallReply,
} from "../../support/mod.ts";

function backendOf(t: TestAgent, options: Partial<AgentChatBackendOptions> = {}) {
  return createAgentChatBackend({ deps: t.deps, defaultModel: "fake/fake-model", ...options });
}

function withStream(t: TestAgent, stream: StreamFn) {
  return createAgentChatBackend({
    deps: { ...t.deps, streamFor: () => Promise.resolve(stream) },
    defaultModel: "fake/fake-model",
  });
}

Deno.test("createAgentChatBackend() streams a reply and saves both messages to the transcript", async () => {
  await using t = await createTestAgent([textReply("Hello!")]);
  const backend = backendOf(t);
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  const r = await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.equal(r.text, "Hello!");
  assert.deepEqual(events.map((e) => e.type), ["session", "text_delta", "done"]);
  assert.deepEqual(await backend.messages(s.id), [
    { role: "user", content: "hi" },
    { role: "assistant", content: "Hello!" },
  ]);
  await backend.close();
});

Deno.test("createAgentChatBackend() runs a tool call and reports tool_start and tool_end", async () => {
  await using t = await createTestAgent([
    toolCallReply("memory_search", { query: "milk" }),
    textReply("You wanted milk."),
  ]);
  await Deno.writeTextFile(join(t.workspace, "MEMORY.md"), "# Notes\nBuy milk on Friday.\n");
  const backend = backendOf(t);
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  const r = await backend.send(s.id, "what did I want?", { onEvent: (e) => events.push(e) });
  assert.equal(r.text, "You wanted milk.");
  assert.deepEqual(events.map((e) => e.type), [
    "session",
    "tool_start",
    "tool_end",
    "text_delta",
    "done",
  ]);
  const end = events.find((e) => e.type === "tool_end");
  assert.ok(end?.type === "tool_end" && end.name === "memory_search" && !end.isError);
  assert.match(end.output, /milk/);
  const roles = (await backend.messages(s.id))!.map((m) => m.role);
  assert.deepEqual(roles, ["user", "assistant", "tool", "assistant"]);
  await backend.close();
});

Deno.test("createAgentChatBackend() resumes a saved session with its history", async () => {
  await using t = await createTestAgent([textReply("One"), textReply("Two")]);
  const first = backendOf(t);
  const s = await first.openSession();
  await first.send(s.id, "first");
  await first.close();
  const second = backendOf(t);
  await second.send(s.id, "second");
  const roles = t.provider.calls[1].context.messages.map((m) => m.role);
  assert.deepEqual(roles, ["user", "assistant", "user"]);
  await second.close();
});

Deno.test("createAgentChatBackend() rejects an unknown session with UnknownSessionError", async () => {
  await using t = await createTestAgent();
  const backend = backendOf(t);
  await assert.rejects(backend.send("nope", "hi"), UnknownSessionError);
  assert.equal(await backend.getSession("nope"), undefined);
});

Deno.test("createAgentChatBackend() reports a provider error as an error event", async () => {
  await using t = await createTestAgent();
  const error = new ProviderError("server", "Cannot call the model: 500");
  const backend = withStream(t, async function* () {
    yield { type: "error", error } as StreamEvent;
  });
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.deepEqual(events.find((e) => e.type === "error"), {
    type: "error",
    message: "Cannot call the model: 500",
  });
  await backend.close();
});

Deno.test("createAgentChatBackend() turns a missing model into an error event", async () => {
  await using t = await createTestAgent();
  const backend = createAgentChatBackend({
    deps: {
      ...t.deps,
      streamFor: () => Promise.reject(new Error("Cannot choose a model: none configured")),
    },
    defaultModel: "none",
  });
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  const r = await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.equal(r.text, "");
  assert.deepEqual(events.slice(-2), [
    { type: "error", message: "Cannot choose a model: none configured" },
    { type: "done", text: "" },
  ]);
  await backend.close();
});

Deno.test("createAgentChatBackend().close() aborts a running turn and keeps the partial reply", async () => {
  await using t = await createTestAgent();
  const backend = withStream(t, async function* (_ctx, opts) {
    yield { type: "text_delta", text: "Partial" } as StreamEvent;
    await new Promise((resolve) => opts?.signal?.addEventListener("abort", resolve));
  });
  const s = await backend.openSession();
  const started = Promise.withResolvers<void>();
  const turn = backend.send(s.id, "go", {
    onEvent: (e) => void (e.type === "text_delta" && started.resolve()),
  });
  await started.promise;
  await backend.close();
  assert.equal((await turn).text, "Partial");
  const text = await Deno.readTextFile(join(t.store.dir, `${s.id}.jsonl`));
  assert.match(text, /"stopReason":"aborted"/);
  assert.match(text, /"text":"Partial"/);
});

Deno.test("createAgentChatBackend() queues two turns of one session", async () => {
  await using t = await createTestAgent([textReply("A"), textReply("B")]);
  const backend = backendOf(t);
  const s = await backend.openSession();
  const [a, b] = await Promise.all([backend.send(s.id, "first"), backend.send(s.id, "second")]);
  assert.deepEqual([a.text, b.text], ["A", "B"]);
  assert.deepEqual(t.provider.calls[1].context.messages.map((m) => m.role), [
    "user",
    "assistant",
    "user",
  ]);
  await backend.close();
});

Deno.test("createAgentChatBackend() closes the least recently used session over maxLive", async () => {
  await using t = await createTestAgent();
  let clock = 1000;
  const backend = backendOf(t, { now: () => clock++, maxLive: 2 });
  const a = await backend.openSession();
  await backend.openSession();
  await backend.openSession();
  const live = (await backend.listSessions()).filter((s) => s.live).map((s) => s.id);
  assert.equal(live.length, 2);
  assert.ok(!live.includes(a.id));
  assert.equal((await backend.getSession(a.id))?.live, false);
  await backend.close();
});

Deno.test("createAgentChatBackend() closes idle sessions and reopens them on use", async () => {
  await using t = await createTestAgent([textReply("one"), textReply("two")]);
  let clock = 0;
  const backend = backendOf(t, { now: () => clock, idleMs: 1000 });
  const a = await backend.openSession();
  await backend.send(a.id, "first");
  clock = 5000;
  await backend.openSession();
  assert.equal((await backend.getSession(a.id))?.live, false);
  await backend.send(a.id, "second");
  assert.deepEqual(t.provider.calls[1].context.messages.map((m) => m.role), [
    "user",
    "assistant",
    "user",
  ]);
  await backend.close();
});

Deno.test("createAgentChatBackend().compactSession() summarises the history", async () => {
  await using t = await createTestAgent(compactionScript());
  const backend = backendOf(t);
  const s = await backend.openSession();
  for (const q of ["q1 " + "z".repeat(400), "q2", "q3"]) await backend.send(s.id, q);
  const r = await backend.compactSession(s.id);
  assert.ok(r.after < r.before, `${r.before} → ${r.after}`);
  const text = await Deno.readTextFile(join(t.store.dir, `${s.id}.jsonl`));
  assert.match(text, /"type":"compaction",.*"summary":"short summary"/);
  await backend.close();
});

Deno.test("createAgentChatBackend().compactSession() rejects with the reason when it fails", async () => {
  await using t = await createTestAgent([textReply("one"), textReply("two"), textReply("three")]);
  const backend = createAgentChatBackend({
    deps: { ...t.deps, settings: { ...t.deps.settings, memoryFlush: false } },
    defaultModel: "fake/fake-model",
  });
  const s = await backend.openSession();
  for (const q of ["q1", "q2", "q3"]) await backend.send(s.id, q);
  await assert.rejects(backend.compactSession(s.id), /Cannot compact session ".+": Cannot compact/);
  await backend.close();
});

Deno.test("createAgentChatBackend().setModel() switches the session's model and records it", async () => {
  await using t = await createTestAgent([textReply("ok")]);
  const seen: string[] = [];
  const backend = createAgentChatBackend({
    deps: {
      ...t.deps,
      streamFor: (model) => {
        seen.push(model);
        return t.deps.streamFor(model);
      },
    },
    defaultModel: "fake/fake-model",
    checkModel: (m) => {
      if (!m.includes("/")) throw new RangeError(`Cannot use model "${m}"`);
    },
  });
  const s = await backend.openSession();
  await assert.rejects(backend.setModel(s.id, "bad"), /Cannot use model "bad"/);
  await backend.setModel(s.id, "fake/other");
  await backend.send(s.id, "hi");
  assert.deepEqual(seen, ["fake/other"]);
  assert.equal((await backend.getSession(s.id))?.model, "fake/other");
  const text = await Deno.readTextFile(join(t.store.dir, `${s.id}.jsonl`));
  assert.match(text, /"type":"model_change",.*"provider":"fake","modelId":"other"/);
  await backend.close();
});

Deno.test("createAgentChatBackend().clearSession() starts the live conversation afresh", async () => {
  await using t = await createTestAgent([textReply("one"), textReply("two")]);
  const backend = backendOf(t);
  const s = await backend.openSession();
  await backend.send(s.id, "first");
  assert.equal(await backend.clearSession(s.id), true);
  await backend.send(s.id, "second");
  assert.deepEqual(t.provider.calls[1].context.messages.map((m) => m.role), ["user"]);
  assert.equal(await backend.clearSession("nope"), false);
  await backend.close();
});

Deno.test("createAgentChatBackend().complete() answers without writing a transcript", async () => {
  await using t = await createTestAgent([textReply("Stateless")]);
  const backend = backendOf(t, {
    statelessPrompt: () => Promise.resolve({ system: "No tools here.", dynamic: "" }),
  });
  const r = await backend.complete([{ role: "user", content: "hi" }], { system: "Be brief." });
  assert.deepEqual(r, { model: "fake/fake-model", text: "Stateless" });
  assert.equal(t.provider.calls[0].context.tools, undefined);
  assert.equal(t.provider.calls[0].context.system, "No tools here.\n\nBe brief.");
  assert.deepEqual(await backend.listSessions(), []);
});

Deno.test("createAgentChatBackend() aborts a turn that arrives after close()", async () => {
  await using t = await createTestAgent([textReply("too late")]);
  const backend = backendOf(t);
  const s = await backend.openSession();
  await backend.close();
  const r = await backend.send(s.id, "hello?");
  assert.equal(r.text, "");
  await backend.close();
});

Deno.test("createAgentChatBackend() reloads an idle live session another process wrote to", async () => {
  await using t = await createTestAgent([textReply("web"), textReply("cli"), textReply("web2")]);
  const backend = backendOf(t);
  const s = await backend.openSession();
  await backend.send(s.id, "from the web");
  const cli = await t.open({ id: s.id });
  await cli.send("from the terminal");
  await cli.close();
  await backend.send(s.id, "back on the web");
  const sent = t.provider.calls[2].context.messages.map((m) => JSON.stringify(m.content));
  assert.equal(sent.length, 5);
  assert.match(sent[2], /from the terminal/);
  await backend.close();
});

Deno.test("createAgentChatBackend() reports a running user turn through onTurn", async () => {
  await using t = await createTestAgent([textReply("Hello!")]);
  let active = 0;
  const seen: number[] = [];
  const backend = backendOf(t, {
    onTurn: () => {
      active++;
      return () => active--;
    },
  });
  const s = await backend.openSession();
  await backend.send(s.id, "hi", { onEvent: () => seen.push(active) });
  assert.ok(seen.length > 0 && seen.every((n) => n === 1), seen.join());
  assert.equal(active, 0);
});
