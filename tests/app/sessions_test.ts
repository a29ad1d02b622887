import assert from "node:assert/strict";
import { join } from "node:path";
import { createSessionStore, toTranscriptUsage } from "../../src/agent/mod.ts";
import {
  assistantMessage,
  createTempHome,
  runCliCaptured,
  type TempHome,
  toolResult,
  userMessage,
} from "../support/mod.ts";

async function seed(home: TempHome): Promise<string> {
  const dir = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  let t = Date.parse("2026-03-01T10:00:00Z");
  const store = createSessionStore({ dir, now: () => new Date(t += 60_000) });
  const a = await store.create({ cwd: "/ws", id: "aaaa1111-first" });
  await a.appendMessage(userMessage("Read my notes"));
  await a.appendMessage(assistantMessage("Reading.", { toolCall: "read_file", cost: 0.5 }));
  await a.appendMessage(toolResult("x".repeat(1000)));
  await a.appendMessage(assistantMessage("Done."));
  await a.close();
  const b = await store.create({ cwd: "/ws", id: "bbbb2222-second", kind: "heartbeat" });
  await b.appendMessage(userMessage("Second chat"));
  await b.close();
  return dir;
}

Deno.test("localgpt sessions list prints newest first with tokens and cost", async () => {
  await using home = await createTempHome();
  await seed(home);
  const run = await runCliCaptured(["sessions", "list"], home.host);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^ID\s+KIND\s+UPDATED\s+MSGS\s+TOKENS\s+COST\s+MODEL\s+TITLE$/);
  assert.match(lines[1], /^bbbb2222 {2}heartbeat {2}2026-03-01 10:0\d {2}1 .*Second chat$/);
  assert.match(lines[2], /^aaaa1111 {2}chat {7}/);
  assert.match(lines[2], /^aaaa1111 .* 4 +30 +\$0\.5010 +openai\/gpt-test +Read my notes$/);
});

Deno.test("localgpt sessions list --json prints every field", async () => {
  await using home = await createTempHome();
  await seed(home);
  const run = await runCliCaptured(["sessions", "list", "--json", "-n", "1"], home.host);
  const data = JSON.parse(run.stdout);
  assert.equal(data.sessions.length, 1);
  assert.equal(data.sessions[0].id, "bbbb2222-second");
  assert.equal(data.sessions[0].title, "Second chat");
  assert.equal(data.sessions[0].messages, 1);
  assert.equal(data.sessions[0].kind, "heartbeat");
});

Deno.test("SessionStore.list() keeps a session's kind when the index is rebuilt", async () => {
  await using home = await createTempHome();
  const dir = await seed(home);
  await Deno.remove(`${dir}/sessions.json`);
  const store = createSessionStore({ dir });
  const kinds = (await store.list()).map((s) => [s.sessionId, s.kind ?? "chat"]);
  assert.deepEqual(kinds.sort(), [["aaaa1111-first", "chat"], ["bbbb2222-second", "heartbeat"]]);
});

Deno.test("localgpt sessions show prints the conversation by id prefix", async () => {
  await using home = await createTempHome();
  await seed(home);
  const run = await runCliCaptured(["sessions", "show", "aaaa"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Session aaaa1111-first: Read my notes\n/);
  assert.match(run.stdout, /You: Read my notes\n/);
  assert.match(run.stdout, /Assistant: Reading\.\n {2}\[tool: read_file \{"path":"a\.md"\}\]/);
  assert.match(run.stdout, /result of read_file: x{400}… \(1000 chars\)/);
  assert.match(run.stdout, /Assistant: Done\./);
});

Deno.test("localgpt sessions show --json prints header and entries", async () => {
  await using home = await createTempHome();
  await seed(home);
  const run = await runCliCaptured(["sessions", "show", "bbbb2222-second", "--json"], home.host);
  const data = JSON.parse(run.stdout);
  assert.equal(data.header.version, 3);
  assert.equal(data.entries[0].message.content, "Second chat");
  assert.equal(data.truncated_tail, false);
});

Deno.test("localgpt sessions show warns about a cut-off last line", async () => {
  await using home = await createTempHome();
  const dir = await seed(home);
  await Deno.writeTextFile(join(dir, "bbbb2222-second.jsonl"), '{"type":"mess', { append: true });
  const run = await runCliCaptured(["sessions", "show", "bbbb"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /warning: the last line was cut off/);
  assert.match(run.stdout, /You: Second chat/);
});

/** A session whose replies came from a model without a price (usage as the agent records it). */
async function seedUnpriced(home: TempHome, priced: boolean): Promise<void> {
  const dir = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  const store = createSessionStore({ dir, now: () => new Date("2026-03-02T10:00:00Z") });
  const session = await store.create({ cwd: "/ws", id: "cccc3333-unpriced" });
  await session.appendMessage(userMessage("Hello"));
  const usage = { input: 10, output: 5, cacheRead: 0, cacheWrite: 0, total: 15 };
  const reply = (cost?: number) => ({
    ...assistantMessage("Hi."),
    usage: toTranscriptUsage(cost === undefined ? usage : { ...usage, cost }),
  });
  await session.appendMessage(reply());
  if (priced) await session.appendMessage(reply(0.25));
  await session.close();
}

Deno.test("localgpt sessions list and show say the cost is unknown for an unpriced model", async () => {
  await using home = await createTempHome();
  await seedUnpriced(home, false);
  const list = await runCliCaptured(["sessions", "list"], home.host);
  assert.match(list.stdout, /cccc3333 .* 15 +unknown +openai\/gpt-test +Hello$/m);
  assert.doesNotMatch(list.stdout, /\$0\.0000/);
  const show = await runCliCaptured(["sessions", "show", "cccc"], home.host);
  assert.match(show.stdout, /15 tokens · cost unknown/);
  const json = JSON.parse((await runCliCaptured(["sessions", "list", "--json"], home.host)).stdout);
  assert.equal(json.sessions[0].cost_usd, null);
  assert.equal(json.sessions[0].unpriced_calls, 1);
});

Deno.test("localgpt sessions list counts the unpriced replies next to a known cost", async () => {
  await using home = await createTempHome();
  await seedUnpriced(home, true);
  const list = await runCliCaptured(["sessions", "list"], home.host);
  assert.match(list.stdout, /cccc3333 .* \$0\.2500 \(\+1 unpriced\) /);
});

Deno.test("localgpt sessions delete removes the session; an unknown id exits 1", async () => {
  await using home = await createTempHome();
  const dir = await seed(home);
  const run = await runCliCaptured(["sessions", "delete", "bbbb"], home.host);
  assert.equal(run.stdout, "Deleted session bbbb2222-second\n");
  await assert.rejects(Deno.stat(join(dir, "bbbb2222-second.jsonl")), Deno.errors.NotFound);
  const again = await runCliCaptured(["sessions", "delete", "bbbb"], home.host);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /Cannot find session "bbbb"/);
});

Deno.test("localgpt sessions list says so when there are no sessions", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["sessions", "list"], home.host);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^No sessions yet/);
});

Deno.test("localgpt sessions and skills subcommands have --help with examples", async () => {
  await using home = await createTempHome();
  for (
    const cmd of [
      ["sessions"],
      ["sessions", "list"],
      ["sessions", "show"],
      ["sessions", "delete"],
      ["skills"],
      ["skills", "list"],
    ]
  ) {
    const run = await runCliCaptured([...cmd, "--help"], home.host);
    assert.equal(run.code, 0, cmd.join(" "));
    assert.match(run.stdout, /Examples:\n {2}localgpt /, cmd.join(" "));
  }
});

Deno.test("localgpt sessions list -n rejects a non-positive count with exit 2", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["sessions", "list", "-n", "0"], home.host);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /not a positive integer/);
});
