import assert from "node:assert/strict";
import { join } from "node:path";
import { createAgentChatBackend } from "../../../src/app/daemon/agent_backend.ts";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import {
  compactionScript,
  createTestAgent,
  createTestHttpDeps,
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
