/** The daemon process runs the agent: tools over SSE, the server tool set, CLI resume, compaction. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createTempHome,
  fakeModelConfig,
  type FakeResponse,
  loadFixture,
  type RecordedRequest,
  runLocalgpt,
  spawnLocalgpt,
  startFakeServer,
  type TempHome,
  waitForHealth,
  writeDaemonConfig,
} from "../support/mod.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

/** Starts the daemon against a fake model server; `run` gets its base URL. */
async function withDaemon(
  handler: (request: RecordedRequest) => FakeResponse,
  run: (base: string, home: TempHome, fake: { requests: RecordedRequest[] }) => Promise<void>,
  prepare?: (home: TempHome) => Promise<unknown>,
): Promise<void> {
  await using fake = await startFakeServer(handler);
  await using home = await createTempHome();
  const port = await writeDaemonConfig(home, { before: fakeModelConfig(fake.url) });
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(workspace, "notes"), { recursive: true });
  await Deno.writeTextFile(join(workspace, "notes", "today.md"), "buy milk\n");
  await prepare?.(home);
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars });
  try {
    await waitForHealth(port);
    await run(`http://127.0.0.1:${port}`, home, fake);
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

const hasToolResult = (r: RecordedRequest) =>
  r.json().messages.some((m: { role: string }) => m.role === "tool");

async function sseEvents(res: Response): Promise<Json[]> {
  const text = await res.text();
  return text.split("\n\n").filter((f) => f.startsWith("data: ") && !f.includes("[DONE]"))
    .map((f) => JSON.parse(f.slice(6)));
}

Deno.test("the daemon's agent calls read_file and answers, streamed as tool events and content", async () => {
  await withDaemon(
    (r) => loadFixture(hasToolResult(r) ? "openai_tool_result" : "openai_tool_call_split"),
    async (base, _home, fake) => {
      const res = await fetch(`${base}/api/chat/stream`, {
        method: "POST",
        body: JSON.stringify({ message: "what is in my notes?" }),
      });
      const events = await sseEvents(res);
      assert.deepEqual(events.map((e) => e.type), [
        "session",
        "content",
        "tool_start",
        "tool_end",
        "content",
        "content",
        "done",
      ]);
      assert.equal(events[2].name, "read_file");
      assert.match(events[3].output, /buy milk/);
      assert.equal(events.at(-2).delta, "Buy milk.");
      const tools = fake.requests[0].json().tools.map((t: Json) => t.function.name);
      assert.ok(tools.includes("read_file") && tools.includes("memory_search"), tools.join());
      assert.ok(!tools.includes("bash"), `bash offered: ${tools.join()}`);
    },
  );
});

Deno.test("a web session continues in localgpt chat --session with its history", async () => {
  await withDaemon(() => loadFixture("openai_plain"), async (base, home, fake) => {
    const res = await fetch(`${base}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ message: "remember the web" }),
    });
    const { session_id: id } = await res.json();
    const chat = await runLocalgpt(["chat", "--session", id], {
      vars: home.vars,
      stdin: "and now the terminal\n",
    });
    assert.equal(chat.code, 0, chat.stderr);
    assert.match(chat.stdout, /Resumed session [0-9a-f]{8} \(2 messages\)/);
    const sent = fake.requests.at(-1)!.json().messages.filter((m: Json) => m.role !== "system");
    assert.deepEqual(sent.map((m: Json) => m.role), ["user", "assistant", "user"]);
    assert.match(JSON.stringify(sent[0]), /remember the web/);
  });
});

Deno.test("POST /api/sessions/{id}/compact compacts a daemon session", async () => {
  await withDaemon(() => loadFixture("openai_plain"), async (base, home) => {
    const { session_id: id } = await (await fetch(`${base}/api/sessions`, { method: "POST" }))
      .json();
    for (const message of ["first " + "long words ".repeat(200), "second", "third"]) {
      const r = await fetch(`${base}/api/chat`, {
        method: "POST",
        body: JSON.stringify({ message, session_id: id }),
      });
      assert.equal(r.status, 200, await r.text());
    }
    const res = await fetch(`${base}/api/sessions/${id}/compact`, { method: "POST" });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.ok(body.token_count_after < body.token_count_before, JSON.stringify(body));
    const transcript = await Deno.readTextFile(
      join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions", `${id}.jsonl`),
    );
    assert.match(transcript, /"type":"compaction",.*"summary":"Hello, world!"/);
  });
});

async function signPolicy(home: TempHome, text: string): Promise<string> {
  assert.equal((await runLocalgpt(["init"], { vars: home.vars })).code, 0);
  const policy = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "LocalGPT.md");
  await Deno.writeTextFile(policy, text);
  assert.equal((await runLocalgpt(["md", "sign"], { vars: home.vars })).code, 0);
  return policy;
}

Deno.test("the daemon's agent gets the signed LocalGPT.md policy in its system prompt", async () => {
  await withDaemon(
    () => loadFixture("openai_plain"),
    async (base, _home, fake) => {
      const res = await fetch(`${base}/api/chat`, {
        method: "POST",
        body: JSON.stringify({ message: "hi" }),
      });
      assert.equal(res.status, 200);
      const system = JSON.stringify(fake.requests[0].json().messages[0]);
      assert.match(system, /Never touch the folder secret-plans/);
    },
    (home) => signPolicy(home, "# Policy\nNever touch the folder secret-plans.\n"),
  );
});

Deno.test("daemon start refuses a tampered LocalGPT.md under strict_policy", async () => {
  await using home = await createTempHome();
  await writeDaemonConfig(home, { before: "[security]\nstrict_policy = true\n" });
  const policy = await signPolicy(home, "# Policy\nBe careful.\n");
  await Deno.writeTextFile(policy, "# Policy\nAnything goes.\n");
  const r = await runLocalgpt(["daemon", "start"], { vars: home.vars });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /strict_policy/);
  const status = await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars });
  assert.equal(JSON.parse(status.stdout).running, false);
});
