import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, loadFixture, runLocalgpt, startFakeServer } from "../support/mod.ts";

async function configured(home: Awaited<ReturnType<typeof createTempHome>>, url: string) {
  await home.writeConfig(
    `[agent]\ndefault_model = "openai-compatible/test-model"\n\n` +
      `[providers.openai_compatible]\nbase_url = "${url}/v1"\n\n[memory.embedding]\nprovider = "none"\n`,
  );
}

Deno.test("localgpt ask --json prints question, response, model and usage from the server", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  await using home = await createTempHome();
  await configured(home, server.url);
  const run = await runLocalgpt(["ask", "Say hello", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const body = JSON.parse(run.stdout);
  assert.equal(body.question, "Say hello");
  assert.equal(body.response, "Hello, world!");
  assert.equal(body.model, "openai-compatible/test-model");
  assert.equal(body.usage.total, 20);
  const sent = server.requests[0].json();
  assert.equal(sent.messages.at(-1).content, "Say hello");
  assert.ok(sent.tools.some((t: { function: { name: string } }) => t.function.name === "bash"));
});

Deno.test("localgpt ask takes unquoted words as one question", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  await using home = await createTempHome();
  await configured(home, server.url);
  const run = await runLocalgpt(["ask", "what", "did", "I", "decide", "--json"], {
    vars: home.vars,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).question, "what did I decide");
});

Deno.test("localgpt ask - reads the question from stdin and saves the session", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  await using home = await createTempHome();
  await configured(home, server.url);
  const run = await runLocalgpt(["ask", "-"], { vars: home.vars, stdin: "from stdin\n" });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trim(), "Hello, world!");
  const dir = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  const index = JSON.parse(await Deno.readTextFile(join(dir, "sessions.json")));
  const entry = Object.values(index)[0] as { title: string; messageCount: number };
  assert.deepEqual([entry.title, entry.messageCount], ["from stdin", 2]);
});

Deno.test("localgpt ask exits 1 when the provider fails", async () => {
  await using server = await startFakeServer(() => loadFixture("openai_401"));
  await using home = await createTempHome();
  await configured(home, server.url);
  const run = await runLocalgpt(["ask", "hi", "--json"], { vars: home.vars });
  assert.equal(run.code, 1, run.stdout);
  assert.match(run.stderr, /error:/);
  assert.equal(JSON.parse(run.stdout).stop_reason, "error");
});

Deno.test("localgpt ask refuses approval-gated tools without a terminal unless --yes", async () => {
  for (const yes of [false, true]) {
    await using server = await startFakeServer([
      loadFixture("openai_tool_call_split"),
      loadFixture("openai_plain"),
    ]);
    await using home = await createTempHome();
    await configured(home, server.url);
    await Deno.writeTextFile(
      home.configFile,
      `${await Deno.readTextFile(home.configFile)}\n[tools]\nrequire_approval = ["read_file"]\n`,
    );
    const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "notes");
    await Deno.mkdir(ws, { recursive: true });
    await Deno.writeTextFile(join(ws, "today.md"), "buy milk\n");
    const run = await runLocalgpt(["ask", "notes?", ...(yes ? ["--yes"] : [])], {
      vars: home.vars,
    });
    assert.equal(run.code, 0, run.stderr);
    const tool = server.requests[1].json().messages.find((m: { role: string }) =>
      m.role === "tool"
    );
    if (yes) assert.match(tool.content, /buy milk/);
    else {
      assert.match(run.stderr, /Refused read_file: it needs approval/);
      assert.match(tool.content, /did not approve/);
    }
  }
});

Deno.test("localgpt ask -m with an unresolvable model exits 2 before starting a session", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["ask", "-m", "nonsense", "hi"], { vars: home.vars });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Cannot resolve model "nonsense"/);
  const dir = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  assert.equal(await Deno.stat(dir).then(() => true, () => false), false);
});

Deno.test("localgpt ask injects a VALID signed policy and refuses a tampered one under strict_policy", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  await using home = await createTempHome();
  await configured(home, server.url);
  assert.equal((await runLocalgpt(["init"], { vars: home.vars })).code, 0);
  const policy = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "LocalGPT.md");
  await Deno.writeTextFile(policy, "# Policy\nNever touch the folder secret-plans.\n");
  assert.equal((await runLocalgpt(["md", "sign"], { vars: home.vars })).code, 0);
  const valid = await runLocalgpt(["ask", "hi"], { vars: home.vars });
  assert.equal(valid.code, 0, valid.stderr);
  const system = JSON.stringify(server.requests[0].json().messages[0]);
  assert.match(system, /Never touch the folder secret-plans/);

  await Deno.writeTextFile(policy, "# Policy\nAnything goes.\n");
  const config = await Deno.readTextFile(home.configFile);
  await home.writeConfig(`${config}\n[security]\nstrict_policy = true\n`);
  const refused = await runLocalgpt(["ask", "hi"], { vars: home.vars });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /strict_policy/);
  assert.equal(server.requests.length, 1, "no request after a tampered policy");
});
