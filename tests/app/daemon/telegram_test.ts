import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/mod.ts";
import { createSessionStore } from "../../../src/agent/mod.ts";
import { openMemory } from "../../../src/app/memory.ts";
import { startDaemonTelegram } from "../../../src/app/daemon/telegram.ts";
import { telegramChannel } from "../../../src/app/daemon/deps.ts";
import { createTempHome, type TempHome } from "../../support/mod.ts";
import { startFakeTelegram } from "../../support/fake_telegram.ts";

const quietLog = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => void lines.push(m),
    warn: (m: string) => void lines.push(m),
    error: (m: string) => void lines.push(m),
    flush: () => Promise.resolve(),
  };
};

async function start(home: TempHome, telegram: string) {
  await home.writeConfig(`[memory.embedding]\nprovider = "none"\n${telegram}`);
  const loaded = await loadConfig({ host: home.host });
  const memory = openMemory(loaded, { home: home.host.home });
  const log = quietLog();
  const tg = await startDaemonTelegram(loaded, home.host, {
    store: createSessionStore({ dir: loaded.paths.sessionsDir }),
    memory,
    log,
    defaultModel: "none",
    models: () => Promise.resolve([]),
  });
  return { tg, log, memory };
}

Deno.test("startDaemonTelegram() says the bot is disabled when telegram.enabled = false", async () => {
  await using home = await createTempHome();
  const { tg, memory } = await start(home, "");
  assert.equal(tg.bot, undefined);
  assert.equal(tg.line, "Telegram: disabled (telegram.enabled = false)");
  memory.close();
});

Deno.test("startDaemonTelegram() prints the bot name after getMe and delivers heartbeats", async () => {
  await using fake = await startFakeTelegram();
  await using home = await createTempHome();
  const { tg, memory } = await start(
    home,
    `[telegram]\nenabled = true\napi_token = "${fake.token}"\napi_root = "${fake.apiRoot}"\n`,
  );
  try {
    assert.equal(tg.line, "Telegram: enabled (@localgpt_test_bot)");
    assert.equal(tg.bot!.status().connected, true);
    fake.sendText({ id: 5 }, "hi");
    await fake.waitFor((c) => c.method === "sendMessage" && /not paired/.test(c.params.text));
    fake.sendText({ id: 5 }, tg.bot!.status().pending_code!);
    await fake.waitFor((c) => c.method === "sendMessage" && /Paired!/.test(c.params.text));
    await tg.bot!.deliver({ source: "heartbeat", text: "all good", ts: 0 });
    const sent = fake.callsOf("sendMessage").at(-1)!;
    assert.equal(sent.params.chat_id, 5);
    assert.match(sent.params.text, /Heartbeat<\/b>\n\nall good$/);
  } finally {
    await tg.bot?.stop();
    memory.close();
  }
});

Deno.test("startDaemonTelegram() gives a one-line reason when the token is refused", async () => {
  await using fake = await startFakeTelegram();
  await using home = await createTempHome();
  const { tg, log, memory } = await start(
    home,
    `[telegram]\nenabled = true\napi_token = "1:bad"\napi_root = "${fake.apiRoot}"\n`,
  );
  try {
    assert.match(tg.line, /^Telegram: not running \(cannot reach the Bot API \(.*401.*\)\)$/);
    assert.ok(log.lines.some((l) => /telegram: not started/.test(l)));
    assert.match(tg.bot!.status().last_error ?? "", /getMe/);
  } finally {
    await tg.bot?.stop();
    memory.close();
  }
});

Deno.test("telegramChannel() reports the bot's health without the pairing code", () => {
  const view = telegramChannel({
    enabled: true,
    connected: true,
    bot_username: "b",
    pending_code: "123456",
    updated_at: "",
  }, true);
  assert.deepEqual(view, {
    enabled: true,
    running: true,
    connected: true,
    bot: "@b",
    paired_user: null,
    pairing_pending: true,
    last_error: null,
  });
  assert.deepEqual(telegramChannel(undefined, false), { enabled: false, running: false });
});
