import assert from "node:assert/strict";
import { join } from "node:path";
import { createAgentChatBackend } from "../../../src/app/daemon/agent_backend.ts";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import {
  ALLOWED_TURN_EVENTS,
  approvingBackend,
  compactionScript,
  createTestAgent,
  createTestHttpDeps,
  readChatAnswering,
  readSse,
  textReply,
  toolCallReply,
} from "../../support/mod.ts";

const U = "http://localhost";
const post = (body?: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

Deno.test("POST /api/chat/stream over the agent backend shows the tool call, then the answer", async () => {
  await using agent = await createTestAgent([
    toolCallReply("read_file", { path: "MEMORY.md" }),
    textReply("The note says: buy milk."),
  ]);
  await Deno.writeTextFile(join(agent.workspace, "MEMORY.md"), "Buy milk.\n");
  const backend = createAgentChatBackend({ deps: agent.deps, defaultModel: "fake/fake-model" });
  await using t = await createTestHttpDeps({ backend });
  const res = await createHttpApp(t.deps).request(
    `${U}/api/chat/stream`,
    post({ message: "what is in my notes?" }),
  );
  const events = (await readSse(res)) as Record<string, unknown>[];
  assert.deepEqual(events.map((e) => typeof e === "string" ? e : e.type), [
    "session",
    "tool_start",
    "tool_end",
    "content",
    "done",
    "[DONE]",
  ]);
  assert.equal(events[1].name, "read_file");
  assert.match(String(events[2].output), /Buy milk\./);
  assert.equal(events[3].delta, "The note says: buy milk.");
  await backend.close();
});

Deno.test("POST /api/sessions/{id}/compact over the agent backend reports the token counts", async () => {
  await using agent = await createTestAgent(compactionScript());
  const backend = createAgentChatBackend({ deps: agent.deps, defaultModel: "fake/fake-model" });
  await using t = await createTestHttpDeps({ backend });
  const app = createHttpApp(t.deps);
  const { session_id: id } = await (await app.request(`${U}/api/sessions`, post())).json();
  for (const message of ["q1 " + "z".repeat(400), "q2", "q3"]) {
    const r = await app.request(`${U}/api/chat`, post({ message, session_id: id }));
    assert.equal(r.status, 200);
  }
  const res = await app.request(`${U}/api/sessions/${id}/compact`, post());
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.ok(body.token_count_after < body.token_count_before, JSON.stringify(body));
  await backend.close();
});

/** Runs one streamed turn, answering each approval_required with `decide(event)`. */
async function streamAnswering(
  app: ReturnType<typeof createHttpApp>,
  body: Record<string, unknown>,
  decide: (event: Record<string, unknown>) => string,
): Promise<Record<string, unknown>[]> {
  const res = await app.request(`${U}/api/chat/stream`, post(body));
  return await readChatAnswering(res, async (event, sessionId) => {
    const r = await app.request(
      `${U}/api/sessions/${sessionId}/approve`,
      post({ call_id: event.call_id, decision: decide(event) }),
    );
    assert.equal(r.status, 200, await r.text());
  });
}

Deno.test("POST /api/sessions/{id}/approve lets a gated tool of the agent run, or refuses it", async () => {
  await using agent = await createTestAgent([
    toolCallReply("write_file", { path: "notes/yes.md", content: "allowed" }),
    textReply("Saved."),
    toolCallReply("write_file", { path: "notes/no.md", content: "denied" }, "call_2"),
    textReply("Not saved."),
  ], { settings: { requireApproval: ["write_file"] } });
  const { backend, records } = approvingBackend(agent.deps);
  await using t = await createTestHttpDeps({ backend });
  const app = createHttpApp(t.deps);
  const first = await streamAnswering(app, { message: "save yes" }, () => "allow");
  assert.deepEqual(first.map((e) => e.type), ALLOWED_TURN_EVENTS);
  assert.deepEqual(first[2].arguments, { path: "notes/yes.md", content: "allowed" });
  assert.equal(await Deno.readTextFile(join(agent.workspace, "notes", "yes.md")), "allowed");
  const session_id = first[0].session_id;
  const second = await streamAnswering(app, { message: "save no", session_id }, () => "deny");
  const end = second.find((e) => e.type === "tool_end")!;
  assert.equal(end.is_error, true);
  assert.match(String(end.output), /did not approve running write_file/);
  await assert.rejects(Deno.stat(join(agent.workspace, "notes", "no.md")), Deno.errors.NotFound);
  assert.deepEqual(records.map((r) => [r.sessionId, r.callId, r.outcome]), [
    [session_id, "call_1", "allow"],
    [session_id, "call_2", "deny"],
  ]);
  await backend.close();
});

Deno.test("createAgentChatBackend() without an approval broker refuses a gated tool", async () => {
  await using agent = await createTestAgent([
    toolCallReply("write_file", { path: "x.md", content: "x" }),
    textReply("No."),
  ], { settings: { requireApproval: ["write_file"] } });
  const backend = createAgentChatBackend({ deps: agent.deps, defaultModel: "fake/fake-model" });
  await using t = await createTestHttpDeps({ backend });
  const seen = await streamAnswering(createHttpApp(t.deps), { message: "x" }, () => "allow");
  assert.equal(seen.some((e) => e.type === "approval_required"), false);
  assert.equal(seen.find((e) => e.type === "tool_end")?.is_error, true);
  await backend.close();
});
