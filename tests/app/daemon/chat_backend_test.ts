import assert from "node:assert/strict";
import { join } from "node:path";
import { createModelChatBackend } from "../../../src/app/daemon/chat_backend.ts";
import { createSessionStore } from "../../../src/agent/mod.ts";
import { type ChatEvent, UnknownSessionError } from "../../../src/channels/http/mod.ts";
import { ProviderError, type StreamEvent } from "../../../src/core/mod.ts";
import type { StreamFn } from "../../../src/llm/mod.ts";
import { createTempHome, FakeProvider, textReply } from "../../support/mod.ts";

function backendWith(dir: string, stream: StreamFn) {
  return createModelChatBackend({
    store: createSessionStore({ dir }),
    streamFor: () => Promise.resolve(stream),
    defaultModel: "fake/fake-model",
    systemPrompt: () => Promise.resolve("You are a test."),
    cwd: "/tmp",
  });
}

const viaProvider = (p: FakeProvider): StreamFn => (ctx, opts) => p.stream("fake-model", ctx, opts);

Deno.test("createModelChatBackend() streams a reply and saves both messages to the transcript", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const provider = new FakeProvider([textReply("Hello!")]);
  const backend = backendWith(dir, viaProvider(provider));
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  const r = await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.equal(r.text, "Hello!");
  assert.deepEqual(events.map((e) => e.type), ["session", "text_delta", "done"]);
  assert.deepEqual(await backend.messages(s.id), [
    { role: "user", content: "hi" },
    { role: "assistant", content: "Hello!" },
  ]);
  assert.equal(provider.calls[0].context.system, "You are a test.");
  await backend.close();
});

Deno.test("createModelChatBackend() resumes a saved session with its history", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "sessions");
  const first = backendWith(dir, viaProvider(new FakeProvider([textReply("One")])));
  const s = await first.openSession();
  await first.send(s.id, "first");
  await first.close();
  const provider = new FakeProvider([textReply("Two")]);
  const second = backendWith(dir, viaProvider(provider));
  await second.send(s.id, "second");
  const roles = provider.calls[0].context.messages.map((m) => m.role);
  assert.deepEqual(roles, ["user", "assistant", "user"]);
  await second.close();
});

Deno.test("createModelChatBackend() rejects an unknown session with UnknownSessionError", async () => {
  await using home = await createTempHome();
  const backend = backendWith(join(home.root, "s"), viaProvider(new FakeProvider()));
  await assert.rejects(backend.send("nope", "hi"), UnknownSessionError);
  assert.equal(await backend.getSession("nope"), undefined);
});

Deno.test("createModelChatBackend() reports a provider error as an error event", async () => {
  await using home = await createTempHome();
  const error = new ProviderError("server", "Cannot call the model: 500");
  const stream: StreamFn = async function* () {
    yield { type: "error", error } as StreamEvent;
  };
  const backend = backendWith(join(home.root, "s"), stream);
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.deepEqual(events.find((e) => e.type === "error"), {
    type: "error",
    message: "Cannot call the model: 500",
  });
  await backend.close();
});

Deno.test("ChatBackend.close() aborts a running turn and keeps the partial reply", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "s");
  const stream: StreamFn = async function* (_ctx, opts) {
    yield { type: "text_delta", text: "Partial" } as StreamEvent;
    await new Promise((resolve) => opts?.signal?.addEventListener("abort", resolve));
  };
  const backend = backendWith(dir, stream);
  const s = await backend.openSession();
  const started = Promise.withResolvers<void>();
  const turn = backend.send(s.id, "go", {
    onEvent: (e) => void (e.type === "text_delta" && started.resolve()),
  });
  await started.promise;
  await backend.close();
  assert.equal((await turn).text, "Partial");
  const text = await Deno.readTextFile(join(dir, `${s.id}.jsonl`));
  assert.match(text, /"stopReason":"aborted"/);
});

Deno.test("createModelChatBackend() closes the least recently used session over maxLive", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "s");
  let clock = 1000;
  const backend = createModelChatBackend({
    store: createSessionStore({ dir }),
    streamFor: () => Promise.resolve(viaProvider(new FakeProvider([textReply("ok")]))),
    defaultModel: "fake/fake-model",
    systemPrompt: () => Promise.resolve(""),
    cwd: "/tmp",
    now: () => clock++,
    maxLive: 2,
  });
  const a = await backend.openSession();
  await backend.openSession();
  await backend.openSession();
  const live = (await backend.listSessions()).filter((s) => s.live).map((s) => s.id);
  assert.equal(live.length, 2);
  assert.ok(!live.includes(a.id));
  assert.equal((await backend.getSession(a.id))?.live, false);
  await backend.close();
});

Deno.test("createModelChatBackend() closes idle sessions and reopens them on use", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "s");
  let clock = 0;
  const provider = new FakeProvider([textReply("one"), textReply("two")]);
  const backend = createModelChatBackend({
    store: createSessionStore({ dir }),
    streamFor: () => Promise.resolve(viaProvider(provider)),
    defaultModel: "fake/fake-model",
    systemPrompt: () => Promise.resolve(""),
    cwd: "/tmp",
    now: () => clock,
    idleMs: 1000,
  });
  const a = await backend.openSession();
  await backend.send(a.id, "first");
  clock = 5000;
  await backend.openSession();
  assert.equal((await backend.getSession(a.id))?.live, false);
  await backend.send(a.id, "second");
  assert.deepEqual(provider.calls[1].context.messages.map((m) => m.role), [
    "user",
    "assistant",
    "user",
  ]);
  await backend.close();
});

Deno.test("createModelChatBackend() turns a missing model into an error event", async () => {
  await using home = await createTempHome();
  const backend = createModelChatBackend({
    store: createSessionStore({ dir: join(home.root, "s") }),
    streamFor: () => Promise.reject(new Error("Cannot choose a model: none configured")),
    defaultModel: "none",
    systemPrompt: () => Promise.resolve(""),
    cwd: "/tmp",
  });
  const s = await backend.openSession();
  const events: ChatEvent[] = [];
  const r = await backend.send(s.id, "hi", { onEvent: (e) => events.push(e) });
  assert.equal(r.text, "");
  assert.deepEqual(events.find((e) => e.type === "error"), {
    type: "error",
    message: "Cannot choose a model: none configured",
  });
  await backend.close();
});
