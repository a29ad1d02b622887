import assert from "node:assert/strict";
import { createHttpApp, createWsProtocol } from "../../../src/channels/http/mod.ts";
import { createTestHttpDeps, FakeChatBackend, fakeTextTurn } from "../../support/mod.ts";

Deno.test("createWsProtocol() streams a chat turn as content deltas, then done", async () => {
  const backend = new FakeChatBackend([fakeTextTurn("one two")]);
  const sent: Record<string, unknown>[] = [];
  const ws = createWsProtocol(backend, (m) => sent.push(m));
  await ws.receive(JSON.stringify({ type: "chat", message: "hi" }));
  assert.deepEqual(sent, [
    { type: "connected" },
    { type: "session", session_id: "fake-session-1" },
    { type: "content", delta: "one " },
    { type: "content", delta: "two" },
    { type: "done" },
  ]);
});

Deno.test("createWsProtocol() answers ping with pong and bad JSON with an error", async () => {
  const sent: Record<string, unknown>[] = [];
  const ws = createWsProtocol(new FakeChatBackend(), (m) => sent.push(m));
  await ws.receive('{"type":"ping"}');
  await ws.receive("{oops");
  assert.deepEqual(sent.slice(1), [
    { type: "pong" },
    { type: "error", message: "Cannot read the message: not JSON" },
  ]);
});

Deno.test("createWsProtocol() reports an unknown session as an error", async () => {
  const sent: Record<string, unknown>[] = [];
  const ws = createWsProtocol(new FakeChatBackend(), (m) => sent.push(m));
  await ws.receive(JSON.stringify({ type: "session", session_id: "ghost" }));
  assert.equal(sent[1].type, "error");
  assert.match(String(sent[1].message), /Cannot find session "ghost"/);
});

Deno.test("createWsProtocol() refuses a message over 1 MB", async () => {
  const sent: Record<string, unknown>[] = [];
  const backend = new FakeChatBackend();
  const ws = createWsProtocol(backend, (m) => sent.push(m));
  await ws.receive(JSON.stringify({ type: "chat", message: "x".repeat(1024 * 1024) }));
  assert.equal(sent[1].type, "error");
  assert.equal(backend.sends.length, 0);
});

Deno.test("GET /api/ws streams a turn over a real WebSocket", async () => {
  await using t = await createTestHttpDeps();
  t.backend.push(fakeTextTurn("streamed reply"));
  const app = createHttpApp(t.deps);
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  const socket = new WebSocket(`ws://127.0.0.1:${server.addr.port}/api/ws`);
  const got: Record<string, unknown>[] = [];
  const done = new Promise<void>((resolve, reject) => {
    socket.onmessage = (e) => {
      const m = JSON.parse(e.data);
      got.push(m);
      if (m.type === "connected") socket.send(JSON.stringify({ type: "chat", message: "hi" }));
      if (m.type === "done") resolve();
    };
    socket.onerror = () => reject(new Error("socket error"));
  });
  await done;
  socket.close();
  await new Promise((r) => socket.onclose = r);
  const text = got.filter((m) => m.type === "content").map((m) => m.delta).join("");
  assert.equal(text, "streamed reply");
});

Deno.test("GET /api/ws without an upgrade answers 426", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://localhost/api/ws");
  assert.equal(res.status, 426);
});
