/** The daemon as a subprocess with `[telegram]` pointing at the fake Bot API and a fake model. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createTempHome,
  fakeModelConfig,
  loadFixture,
  runLocalgpt,
  spawnLocalgpt,
  startFakeServer,
  waitForHealth,
  writeDaemonConfig,
} from "../support/mod.ts";
import { startFakeTelegram } from "../support/fake_telegram.ts";

const ALICE = { id: 4242, username: "alice" };

Deno.test("the daemon runs the Telegram bot: pairing via daemon status, an answer through the model, clean SIGTERM", async () => {
  await using model = await startFakeServer(() => loadFixture("openai_plain"));
  await using tg = await startFakeTelegram();
  await using home = await createTempHome();
  const vars = { ...home.vars, TELEGRAM_BOT_TOKEN: tg.token };
  const port = await writeDaemonConfig(home, {
    before: fakeModelConfig(model.url) +
      `[telegram]\nenabled = true\napi_token = "\${TELEGRAM_BOT_TOKEN}"\napi_root = "${tg.apiRoot}"\n`,
  });
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars });
  let stopped = false;
  try {
    await waitForHealth(port);
    await tg.waitFor((c) => c.method === "getUpdates");
    tg.sendText(ALICE, "hello bot");
    await tg.waitFor((c) => c.method === "sendMessage" && /not paired yet/.test(c.params.text));

    const status = await runLocalgpt(["daemon", "status", "--json"], { vars });
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout);
    assert.equal(s.services.telegram, true);
    assert.equal(s.telegram.bot_username, "localgpt_test_bot");
    const code = s.telegram.pending_code;
    assert.match(code, /^\d{6}$/);
    const human = await runLocalgpt(["daemon", "status"], { vars });
    assert.match(human.stdout, /Telegram\s+running @localgpt_test_bot, not paired/);
    assert.match(human.stdout, new RegExp(`Pairing code\\s+${code}`));
    const log = (await runLocalgpt(["daemon", "logs", "-n", "200"], { vars })).stdout;
    assert.match(log, new RegExp(`TELEGRAM PAIRING CODE: ${code}`));

    tg.sendText(ALICE, code);
    await tg.waitFor((c) => c.method === "sendMessage" && /Paired!/.test(c.params.text));
    tg.sendText(ALICE, "say hello");
    const final = await tg.waitFor((c) =>
      c.method === "editMessageText" && c.params.parse_mode === "HTML"
    );
    assert.equal(final.params.text, "Hello, world!");
    assert.equal(model.requests.length, 1);

    const bridges = await (await fetch(`http://127.0.0.1:${port}/api/bridges`)).json();
    assert.equal(bridges.bridges[0].name, "telegram");
    assert.equal(bridges.bridges[0].bot, "@localgpt_test_bot");
    assert.equal(bridges.bridges[0].paired_user.user_id, ALICE.id);
    assert.equal(bridges.bridges[0].connected, true);

    const stateDir = home.vars.LOCALGPT_STATE_DIR;
    const chats = JSON.parse(await Deno.readTextFile(join(stateDir, "telegram_sessions.json")));
    const sessions = JSON.parse(
      (await runLocalgpt(["sessions", "list", "--json"], { vars })).stdout,
    );
    const listed = JSON.stringify(sessions);
    assert.ok(listed.includes(chats[String(ALICE.id)]), listed);

    child.kill("SIGTERM");
    const exit = await child.status;
    stopped = true;
    assert.equal(exit.code, 0);
    const polls = tg.callsOf("getUpdates").length;
    assert.equal(tg.polling, 0, "no getUpdates left open");
    await assert.rejects(() => Deno.stat(join(stateDir, "telegram_status.json")));
    tg.sendText(ALICE, "still there?");
    assert.equal(tg.callsOf("getUpdates").length, polls);
  } finally {
    if (!stopped) {
      child.kill("SIGTERM");
      await child.status;
    }
  }
});

Deno.test("localgpt with telegram.enabled and no token exits 2 naming telegram.api_token", async () => {
  await using home = await createTempHome();
  await home.writeConfig(`[telegram]\nenabled = true\n`);
  const r = await runLocalgpt(["daemon", "status"], { vars: home.vars });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /line 1: "telegram.api_token": is required when telegram.enabled = true/);
});

Deno.test("localgpt telegram unpair removes the pairing and status --json reports it", async () => {
  await using home = await createTempHome();
  const stateDir = home.vars.LOCALGPT_STATE_DIR;
  await Deno.mkdir(stateDir, { recursive: true });
  await Deno.writeTextFile(
    join(stateDir, "telegram_paired_user.json"),
    JSON.stringify({ user_id: 7, username: "bob", paired_at: "2026-01-01T00:00:00.000Z" }),
  );
  const before = JSON.parse((await runLocalgpt(["telegram", "status", "--json"], home)).stdout);
  assert.equal(before.paired_user.user_id, 7);
  assert.equal(before.enabled, false);
  const r = await runLocalgpt(["telegram", "unpair"], home);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Unpaired @bob \(id 7\)/);
  const again = await runLocalgpt(["telegram", "unpair", "--json"], home);
  assert.deepEqual(JSON.parse(again.stdout), { unpaired: false, user: null });
  const after = JSON.parse((await runLocalgpt(["telegram", "status", "--json"], home)).stdout);
  assert.equal(after.paired_user, null);
});

Deno.test("localgpt daemon start (detached) prints the Telegram line", async () => {
  await using tg = await startFakeTelegram();
  await using home = await createTempHome();
  await writeDaemonConfig(home, {
    before: `[telegram]\nenabled = true\napi_token = "${tg.token}"\napi_root = "${tg.apiRoot}"\n`,
  });
  const started = await runLocalgpt(["daemon", "start"], { vars: home.vars });
  try {
    assert.equal(started.code, 0, started.stderr);
    assert.match(
      started.stdout,
      /Daemon started successfully.*\nTelegram: enabled \(@localgpt_test_bot\)\n/,
    );
  } finally {
    const stopped = await runLocalgpt(["daemon", "stop"], { vars: home.vars });
    assert.equal(stopped.code, 0, stopped.stderr);
  }
});
