import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, loadFixture, runLocalgpt, startFakeServer } from "../support/mod.ts";

const CONFIG = (url: string) =>
  `[agent]\ndefault_model = "openai-compatible/test-model"\n\n` +
  `[providers.openai_compatible]\nbase_url = "${url}/v1"\n\n[memory.embedding]\nprovider = "none"\n`;

Deno.test("localgpt chat through a stdin pipe shows the banner, tool activity and the reply", async () => {
  await using server = await startFakeServer([
    loadFixture("openai_tool_call_split"),
    loadFixture("openai_plain"),
  ]);
  await using home = await createTempHome();
  await home.writeConfig(CONFIG(server.url));
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(workspace, "notes"), { recursive: true });
  await Deno.writeTextFile(join(workspace, "notes", "today.md"), "buy milk\n");
  const run = await runLocalgpt(["chat"], {
    vars: home.vars,
    stdin: "what is in my notes?\n/status\n/quit\n",
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^LocalGPT v\S+ \| Agent: main \| Model: openai-compatible\/test-model \| Memory: \d+ chunks \| Embeddings: disabled \| Skills: 0/,
  );
  assert.match(run.stdout, /Let me look\.\n\[read_file: notes\/today\.md\]\nHello, world!/);
  assert.match(run.stdout, /Messages: {5}4/);
  assert.match(run.stdout, /Goodbye!\n$/);
  const second = server.requests[1].json();
  const toolMsg = second.messages.find((m: { role: string }) => m.role === "tool");
  assert.match(toolMsg.content, /1\tbuy milk/);
});

Deno.test("localgpt chat --resume continues the latest session", async () => {
  await using server = await startFakeServer([
    loadFixture("openai_plain"),
    loadFixture("openai_plain"),
  ]);
  await using home = await createTempHome();
  await home.writeConfig(CONFIG(server.url));
  const first = await runLocalgpt(["chat"], { vars: home.vars, stdin: "first question\n" });
  assert.equal(first.code, 0, first.stderr);
  const again = await runLocalgpt(["chat", "--resume"], { vars: home.vars, stdin: "second\n" });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Resumed session [0-9a-f]{8} \(2 messages\)/);
  const sent = server.requests[1].json().messages.filter((m: { role: string }) =>
    m.role !== "system"
  );
  assert.deepEqual(sent.map((m: { role: string }) => m.role), ["user", "assistant", "user"]);
});

Deno.test("localgpt chat exits 2 before the banner when the model cannot be resolved", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["chat", "-m", "nonsense"], { vars: home.vars, stdin: "hi\n" });
  assert.equal(run.code, 2, run.stdout);
  assert.match(run.stderr, /Cannot resolve model "nonsense"/);
  assert.doesNotMatch(run.stdout, /LocalGPT v/);
});
