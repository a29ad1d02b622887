import assert from "node:assert/strict";
import { createHttpApp, createWsProtocol } from "../../../src/channels/http/mod.ts";
import {
  createTestHttpDeps,
  FakeChatBackend,
  fakeTextTurn,
  type FakeTurn,
  readChatAnswering,
} from "../../support/mod.ts";

const U = "http://localhost";
const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const ASKING: FakeTurn = {
  events: [
    {
      type: "approval",
      id: "call_7",
      name: "write_file",
      args: { path: "a.md", content: "x" },
      detail: "a.md",
      timeoutMs: 120_000,
    },
    { type: "text_delta", text: "ok" },
  ],
};

Deno.test("POST /api/chat/stream sends approval_required and approval_resolved events", async () => {
  await using t = await createTestHttpDeps({ backend: new FakeChatBackend([ASKING]) });
  const app = createHttpApp(t.deps);
  const res = await app.request(`${U}/api/chat/stream`, post({ message: "write it" }));
  let sessionId = "";
  const seen = await readChatAnswering(res, async (event, id) => {
    sessionId = id;
    const r = await app.request(
      `${U}/api/sessions/${id}/approve`,
      post({ call_id: event.call_id, decision: "always" }),
    );
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), {
      session_id: id,
      call_id: "call_7",
      decision: "always",
      approved: true,
    });
  });
  assert.deepEqual(seen.find((e) => e.type === "approval_required"), {
    type: "approval_required",
    call_id: "call_7",
    tool: "write_file",
    arguments: { path: "a.md", content: "x" },
    detail: "a.md",
    timeout_seconds: 120,
  });
  assert.deepEqual(seen.find((e) => e.type === "approval_resolved"), {
    type: "approval_resolved",
    call_id: "call_7",
    tool: "write_file",
    decision: "always",
  });
  assert.deepEqual(t.backend.decisions, [{ sessionId, callId: "call_7", decision: "always" }]);
});

Deno.test("POST /api/sessions/{id}/approve names the bad field and the missing request", async () => {
  await using t = await createTestHttpDeps();
  const app = createHttpApp(t.deps);
  const { session_id: id } = await (await app.request(`${U}/api/sessions`, post({}))).json();
  const call = async (body: unknown, session = id) => {
    const r = await app.request(`${U}/api/sessions/${session}/approve`, post(body));
    return [r.status, (await r.json()).error];
  };
  assert.deepEqual(await call({ decision: "allow" }), [
    400,
    'Cannot read field "call_id": expected a non-empty string',
  ]);
  assert.deepEqual(await call({ call_id: "c", decision: "yes" }), [
    400,
    'Cannot read field "decision": expected one of allow, deny, always',
  ]);
  assert.deepEqual(await call({ call_id: "c", decision: "allow" }, "ghost"), [
    404,
    'Cannot find session "ghost": no such session',
  ]);
  const [status, error] = await call({ request_id: "c", decision: "deny" });
  assert.equal(status, 409);
  assert.match(error, /^Cannot decide "c": no tool call with that id is waiting for approval/);
});

Deno.test("createWsProtocol() takes an approve message while the turn waits", async () => {
  const backend = new FakeChatBackend([ASKING, fakeTextTurn("later")]);
  const sent: Record<string, unknown>[] = [];
  const ws = createWsProtocol(backend, (m) => sent.push(m));
  const turn = ws.receive(JSON.stringify({ type: "chat", message: "write it" }));
  while (!sent.some((m) => m.type === "approval_required")) await Promise.resolve();
  await ws.receive(JSON.stringify({ type: "approve", call_id: "call_7", decision: "deny" }));
  await turn;
  assert.deepEqual(sent.map((m) => m.type), [
    "connected",
    "session",
    "approval_required",
    "approval_resolved",
    "content",
    "done",
  ]);
  assert.equal(sent[3].decision, "deny");
  await ws.receive(JSON.stringify({ type: "approve", call_id: "call_7", decision: "allow" }));
  assert.match(String(sent.at(-1)?.message), /no tool call with that id is waiting/);
  await ws.receive(JSON.stringify({ type: "approve", call_id: "call_7", decision: "maybe" }));
  assert.match(String(sent.at(-1)?.message), /allow, deny or always/);
});
