/** The daemon asks before an approval-gated tool: the SSE event, the approve call, the audit log. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ALLOWED_TURN_EVENTS,
  createTempHome,
  fakeModelConfig,
  readChatAnswering,
  type RecordedRequest,
  spawnLocalgpt,
  startFakeServer,
  waitForHealth,
  writeDaemonConfig,
} from "../support/mod.ts";

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "c1",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
  }\n\n`;

/** A write_file call first; once the tool result is in the request, a short answer. */
function model(request: RecordedRequest) {
  const answered = request.json().messages.some((m: { role: string }) => m.role === "tool");
  const call = {
    index: 0,
    id: "call_W1",
    type: "function",
    function: {
      name: "write_file",
      arguments: JSON.stringify({ path: "notes/approved.md", content: "approved text\n" }),
    },
  };
  const body = answered
    ? chunk({ role: "assistant", content: "Written." }, "stop")
    : chunk({ role: "assistant", tool_calls: [call] }) + chunk({}, "tool_calls");
  return { headers: { "content-type": "text/event-stream" }, body: body + "data: [DONE]\n\n" };
}

Deno.test("the daemon waits for POST /approve before a gated tool and audits the decision", async () => {
  await using fake = await startFakeServer(model);
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, {
    before: `${fakeModelConfig(fake.url)}[tools]\nrequire_approval = ["write_file"]\n`,
  });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/api/chat/stream`, {
      method: "POST",
      body: JSON.stringify({ message: "write the note" }),
    });
    let sessionId = "";
    const seen = await readChatAnswering(res, async (event, id) => {
      sessionId = id;
      assert.equal(event.tool, "write_file");
      assert.deepEqual(event.arguments, { path: "notes/approved.md", content: "approved text\n" });
      const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
      // Nothing is written while the turn waits.
      await assert.rejects(Deno.stat(join(workspace, "notes", "approved.md")));
      const r = await fetch(`${base}/api/sessions/${id}/approve`, {
        method: "POST",
        body: JSON.stringify({ call_id: event.call_id, decision: "allow" }),
      });
      assert.equal(r.status, 200, await r.text());
    });
    assert.deepEqual(seen.map((e) => e.type), ALLOWED_TURN_EVENTS);
    const written = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "notes", "approved.md");
    assert.equal(await Deno.readTextFile(written), "approved text\n");
    const audit = await Deno.readTextFile(
      join(home.vars.LOCALGPT_STATE_DIR, "localgpt.audit.jsonl"),
    );
    const entry = audit.trim().split("\n").map((l) => JSON.parse(l)).find((e) =>
      e.action === "tool_approval"
    );
    assert.equal(entry?.source, `session:${sessionId}`);
    assert.equal(entry?.detail, "allow write_file (call call_W1)");
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
});
