import assert from "node:assert/strict";
import { join } from "node:path";
import { textReply } from "../../support/mod.ts";
import { ALICE, CODES, MALLORY, startBotHarness } from "./_harness.ts";
import { readTelegramStatus } from "../../../src/channels/telegram/mod.ts";

Deno.test("TelegramBot.start() calls getMe, registers the command menu and long-polls", async () => {
  await using h = await startBotHarness();
  const commands = h.fake.callsOf("setMyCommands")[0].params.commands.map((
    c: { command: string },
  ) => c.command);
  assert.deepEqual(commands, [
    "start",
    "help",
    "new",
    "clear",
    "status",
    "compact",
    "memory",
    "model",
    "skills",
    "unpair",
  ]);
  await h.fake.waitFor((c) => c.method === "getUpdates");
  assert.deepEqual(h.fake.callsOf("getUpdates")[0].params.allowed_updates, [
    "message",
    "callback_query",
  ]);
  const status = await readTelegramStatus(h.stateDir);
  assert.equal(status?.bot_username, "localgpt_test_bot");
  assert.equal(status?.connected, true);
});

Deno.test("TelegramBot.start() reports why when getMe fails", async () => {
  await using h = await startBotHarness();
  const { createTelegramBot } = await import("../../../src/channels/telegram/mod.ts");
  const bad = createTelegramBot({
    token: "1:wrong",
    apiRoot: h.fake.apiRoot,
    allowedUpdates: ["message"],
    stateDir: await Deno.makeTempDir(),
    approvalTimeoutMs: 1000,
    maxAttachmentBytes: 1000,
    deps: h.agent.deps,
    defaultModel: "fake/fake-model",
    skillCommands: [],
    skillsText: "",
    log: { info() {}, warn() {} },
  });
  const r = await bad.start();
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /401|Unauthorized/);
  await bad.stop();
});

Deno.test("the bot pairs the user who sends the logged code and refuses everyone else", async () => {
  await using h = await startBotHarness();
  h.fake.sendText(ALICE, "hi there");
  await h.reply(/not paired yet/);
  assert.ok(
    h.logs.includes(`TELEGRAM PAIRING CODE: ${CODES[0]} (valid 10 minutes)`),
    h.logs.join("\n"),
  );
  assert.equal((await readTelegramStatus(h.stateDir))?.pending_code, CODES[0]);
  h.fake.sendText(ALICE, "000000");
  await h.reply(/Wrong code \(4 tries left\)/);
  h.fake.sendText(ALICE, CODES[0]);
  await h.reply(/Paired!/);
  const saved = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_paired_user.json")));
  assert.equal(saved.user_id, ALICE.id);
  assert.equal((await readTelegramStatus(h.stateDir))?.paired_user?.user_id, ALICE.id);
  h.fake.sendText(MALLORY, "let me in");
  await h.reply(/Not authorized/, MALLORY.id);
  h.fake.sendText(MALLORY, CODES[0]);
  await h.reply(/Not authorized/, MALLORY.id);
  assert.equal(h.agent.provider.calls.length, 0, "no turn ran for a stranger");
});

Deno.test("the bot locks pairing after five wrong codes", async () => {
  await using h = await startBotHarness();
  h.fake.sendText(MALLORY, "hi");
  await h.reply(/not paired yet/, MALLORY.id);
  for (let i = 0; i < 4; i++) h.fake.sendText(MALLORY, "111111");
  await h.reply(/1 try left/, MALLORY.id);
  h.fake.sendText(MALLORY, "111111");
  await h.reply(/locked/, MALLORY.id);
  h.fake.sendText(ALICE, CODES[0]);
  await h.reply(/locked/);
});

Deno.test("the bot tells the user when the code expired and issues a new one", async () => {
  const { createFakeClock } = await import("../../support/fake_clock.ts");
  const clock = createFakeClock();
  await using h = await startBotHarness([], { clock });
  h.fake.sendText(ALICE, "hi");
  await h.reply(/not paired yet/);
  await clock.advance(10 * 60_000);
  h.fake.sendText(ALICE, CODES[0]);
  await h.reply(/expired/);
  assert.ok(h.logs.some((l) => l.includes(`TELEGRAM PAIRING CODE: ${CODES[1]}`)));
  h.fake.sendText(ALICE, CODES[1]);
  await h.reply(/Paired!/);
});

Deno.test("the bot answers a paired user: Thinking…, then the reply rendered as HTML", async () => {
  await using h = await startBotHarness([textReply("Hello **Alice**, `x < y`")]);
  await h.pair();
  h.fake.sendText(ALICE, "say hi");
  await h.reply(/^Thinking…$/);
  const final = await h.fake.waitFor((c) =>
    c.method === "editMessageText" && c.params.parse_mode === "HTML"
  );
  assert.equal(final.params.text, "Hello <b>Alice</b>, <code>x &lt; y</code>");
  const last = h.agent.provider.calls[0].context.messages.at(-1)!;
  assert.equal(last.content, "say hi");
});
