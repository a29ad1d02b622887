import assert from "node:assert/strict";
import { join } from "node:path";
import { textReply } from "../../support/mod.ts";
import type { StreamEvent } from "../../../src/core/mod.ts";
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

Deno.test("the bot reports each chat turn through onTurn while it runs (heartbeat busy check)", async () => {
  let running = 0;
  let sawRunning = false;
  let ended!: () => void;
  const done = new Promise<void>((resolve) => ended = resolve);
  await using h = await startBotHarness([textReply("Hi")], {
    deps: (deps) => ({
      ...deps,
      streamFor: (...args) => {
        sawRunning = running > 0;
        return deps.streamFor(...args);
      },
    }),
    bot: {
      onTurn: () => {
        running++;
        return () => {
          running--;
          ended();
        };
      },
    },
  });
  await h.pair();
  h.fake.sendText(ALICE, "say hi");
  await h.fake.waitFor((c) => c.method === "editMessageText" && c.params.parse_mode === "HTML");
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([done, new Promise((resolve) => timer = setTimeout(resolve, 2000))]);
  clearTimeout(timer);
  assert.ok(sawRunning, "the turn counted as running while the model was called");
  assert.equal(running, 0);
});

Deno.test("the bot edits the streaming reply at most once per 2 s (virtual clock)", async () => {
  const stamps: number[] = [];
  const words = Array.from({ length: 12 }, (_, i) => `w${i} `);
  await using h = await startBotHarness([], {
    deps: (deps, clock) => ({
      ...deps,
      streamFor: () =>
        Promise.resolve(async function* (): AsyncGenerator<StreamEvent> {
          yield { type: "start", provider: "fake", model: "fake/fake-model" };
          for (const w of words) {
            yield { type: "text_delta", text: w };
            await clock.advance(500);
          }
          const text = words.join("");
          yield {
            type: "done",
            stopReason: "stop",
            message: { role: "assistant", content: [{ type: "text", text }] },
          };
        }),
    }),
    bot: {
      fetch: (input, init) => {
        if (String(input).endsWith("/editMessageText")) stamps.push(h.clock.now());
        return fetch(input, init);
      },
    },
  });
  await h.pair();
  h.fake.sendText(ALICE, "stream please");
  await h.fake.waitFor((c) => c.method === "editMessageText" && c.params.parse_mode === "HTML");
  assert.ok(stamps.length >= 3, `edits: ${stamps.length}`);
  for (let i = 1; i < stamps.length; i++) {
    assert.ok(
      stamps[i] - stamps[i - 1] >= 2000,
      `edit ${i} came ${stamps[i] - stamps[i - 1]} ms after the previous`,
    );
  }
  const previews = h.fake.callsOf("editMessageText").filter((c) => !c.params.parse_mode);
  assert.match(previews[0].params.text, /^w0 w1 .*…$/);
});

Deno.test("the bot shows tool lines and keeps them in the final message", async () => {
  const { toolCallReply } = await import("../../support/mod.ts");
  await using h = await startBotHarness([
    toolCallReply("memory_search", { query: "milk" }),
    textReply("Nothing about milk."),
  ]);
  await h.pair();
  h.fake.sendText(ALICE, "what about milk?");
  const final = await h.fake.waitFor((c) =>
    c.method === "editMessageText" && c.params.parse_mode === "HTML"
  );
  assert.match(final.params.text, /^🔧 memory_search\(.*milk.*\)\n\nNothing about milk\.$/);
});

Deno.test("the bot resends as plain text when Telegram rejects the HTML", async () => {
  await using h = await startBotHarness([textReply("**bold** & [link](https://example.org)")]);
  await h.pair();
  h.fake.failNext("editMessageText", {
    error_code: 400,
    description: 'Bad Request: can\'t parse entities: Unsupported start tag "b" at byte offset 0',
  }, (p) => p.parse_mode === "HTML");
  h.fake.sendText(ALICE, "go");
  const plain = await h.reply(/bold & link \(https:\/\/example.org\)/);
  assert.equal(plain.params.parse_mode, undefined);
});

Deno.test("the bot splits a reply over 4096 characters into several messages", async () => {
  const para = "lorem ipsum ".repeat(250).trim();
  await using h = await startBotHarness([textReply([para, para, para].join("\n\n"))]);
  await h.pair();
  const before = h.fake.callsOf("sendMessage").length;
  h.fake.sendText(ALICE, "long please");
  await h.fake.waitFor((c) => c.method === "sendMessage" && c.params.parse_mode === "HTML");
  await h.fake.waitFor(() => h.fake.callsOf("sendMessage").length >= before + 3);
  const sent = h.fake.callsOf("sendMessage").slice(before);
  assert.equal(sent[0].params.text, "Thinking…");
  for (const c of sent) assert.ok(c.params.text.length <= 4096);
  const final = h.fake.callsOf("editMessageText").at(-1)!;
  assert.equal(final.params.text, para);
  assert.deepEqual(sent.slice(1).map((c) => c.params.text), [para, para]);
});

Deno.test("the bot keeps one persistent session per chat that survives a restart", async () => {
  await using h = await startBotHarness([textReply("first"), textReply("second")]);
  await h.pair();
  h.fake.sendText(ALICE, "remember 42");
  await h.reply(/^first$/);
  const map = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_sessions.json")));
  const id = map[String(ALICE.id)];
  assert.ok((await h.agent.store.list()).some((s) => s.sessionId === id));
  await h.restart();
  h.fake.sendText(ALICE, "what did I say?");
  await h.reply(/^second$/);
  const context = h.agent.provider.calls[1].context.messages;
  assert.ok(context.some((m) => m.role === "user" && m.content === "remember 42"));
  const transcript = await h.agent.store.read(id);
  const texts = transcript.entries.filter((e) => e.type === "message").length;
  assert.equal(texts, 4);
});

Deno.test("the bot's /new starts a new session and /status shows it", async () => {
  await using h = await startBotHarness([textReply("one")]);
  await h.pair();
  h.fake.sendText(ALICE, "hello");
  await h.reply(/^one$/);
  const first = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_sessions.json")))[
    String(ALICE.id)
  ];
  h.fake.sendText(ALICE, "/status");
  const status = await h.reply(/Status/);
  assert.match(status.params.text, new RegExp(`Session: <code>${first}</code>`));
  assert.match(status.params.text, /Model: <code>fake\/fake-model<\/code>/);
  assert.match(status.params.text, /Messages: 2/);
  h.fake.sendText(ALICE, "/new");
  await h.reply(/new session/);
  h.fake.sendText(ALICE, "/status");
  const after = await h.reply(/Messages: 0/);
  assert.doesNotMatch(after.params.text, new RegExp(first));
});

Deno.test("the bot's /memory, /model, /skills, /help and /unpair commands answer", async () => {
  await using h = await startBotHarness();
  await h.pair();
  h.fake.sendText(ALICE, "/memory milk");
  const memory = await h.reply(/MEMORY\.md#L1-L2/);
  assert.match(
    memory.params.text,
    /^1\. <code>MEMORY\.md#L1-L2<\/code> \(0\.90\)\nabout milk z+…$/,
  );
  assert.equal(memory.params.text.split("\n")[1].length, 300);
  h.fake.sendText(ALICE, "/model");
  await h.reply(/Available:\n• <code>fake\/fake-model<\/code>\n• <code>fake\/other<\/code>/);
  h.fake.sendText(ALICE, "/model nonsense");
  await h.reply(/Cannot use model "nonsense"/);
  h.fake.sendText(ALICE, "/model fake/other");
  await h.reply(/switched to <code>fake\/other<\/code>/);
  h.fake.sendText(ALICE, "/skills");
  await h.reply(/<pre>No skills found\.<\/pre>/);
  h.fake.sendText(ALICE, "/help@localgpt_test_bot");
  await h.reply(/\/compact — /);
  h.fake.sendText(ALICE, "/unpair");
  await h.reply(/Unpaired/);
  h.fake.sendText(ALICE, "hi");
  await h.reply(/not paired yet/);
});

Deno.test("the bot gives a photo to the model as an image and reads a text document", async () => {
  await using h = await startBotHarness([textReply("a cat"), textReply("a list")]);
  await h.pair();
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);
  h.fake.sendPhoto(ALICE, jpeg, "what is this?");
  await h.reply(/^a cat$/);
  const content = h.agent.provider.calls[0].context.messages.at(-1)!.content as {
    type: string;
    text?: string;
    data?: string;
  }[];
  assert.deepEqual(content[0], { type: "text", text: "what is this?" });
  assert.equal(content[1].type, "image");
  assert.equal(atob(content[1].data!).length, jpeg.length);
  h.fake.sendDocument(ALICE, {
    name: "todo.md",
    mime: "text/markdown",
    bytes: new TextEncoder().encode("- milk\n- eggs\n"),
  });
  await h.reply(/^a list$/);
  const text = h.agent.provider.calls[1].context.messages.at(-1)!.content as string;
  assert.match(text, /todo\.md:\n```\n- milk\n- eggs\n\n```/);
});

Deno.test("the bot refuses an attachment over the size limit and a binary document", async () => {
  await using h = await startBotHarness();
  await h.pair();
  h.fake.sendDocument(ALICE, {
    name: "big.txt",
    mime: "text/plain",
    bytes: new Uint8Array(10),
    size: 5 * 1024 * 1024,
  });
  await h.reply(/Cannot read "big\.txt": 5\.0 MiB is over the 1\.0 MiB limit/);
  h.fake.sendDocument(ALICE, { name: "a.pdf", mime: "application/pdf", bytes: new Uint8Array(10) });
  await h.reply(/Cannot read "a\.pdf" \(application\/pdf\): only images and text files/);
  assert.equal(h.agent.provider.calls.length, 0);
});

Deno.test("TelegramBot.deliver() sends a heartbeat to the paired user's topic", async () => {
  await using h = await startBotHarness([], { bot: { heartbeatTopicId: 77 } });
  await h.bot.deliver({ source: "heartbeat", text: "Check the **oven**", ts: 0 });
  assert.equal(h.fake.callsOf("sendMessage").length, 0, "nothing sent before pairing");
  assert.ok(h.logs.some((l) => /no paired user/.test(l)));
  await h.pair();
  await h.bot.deliver({ source: "heartbeat", text: "Check the **oven**", ts: 0 });
  const sent = h.fake.callsOf("sendMessage").at(-1)!;
  assert.equal(sent.params.chat_id, ALICE.id);
  assert.equal(sent.params.message_thread_id, 77);
  assert.equal(sent.params.text, "💓 <b>Heartbeat</b>\n\nCheck the <b>oven</b>");
  await h.bot.deliver({ source: "cron", name: "standup", text: "Done", ts: 0 });
  assert.equal(h.fake.callsOf("sendMessage").at(-1)!.params.text, "⏰ <b>standup</b>\n\nDone");
});

Deno.test("the bot honours 429 retry_after and then sends", async () => {
  await using h = await startBotHarness([textReply("ok")]);
  await h.pair();
  h.fake.failNext("sendMessage", {
    error_code: 429,
    description: "Too Many Requests: retry after 3",
    parameters: { retry_after: 3 },
  });
  h.fake.sendText(ALICE, "hi");
  await h.reply(/^ok$/);
  assert.deepEqual(h.sleeps, [3000]);
  assert.ok(h.logs.some((l) => /sendMessage rate limited: retrying after 3 s/.test(l)));
});

Deno.test("the bot asks for approval with inline buttons and runs the tool on Yes", async () => {
  const { toolCallReply } = await import("../../support/mod.ts");
  const { createFakeClock } = await import("../../support/fake_clock.ts");
  await using h = await startBotHarness([
    toolCallReply("write_file", { path: "note.txt", content: "hi" }),
    textReply("written"),
  ], {
    settings: { requireApproval: ["write_file"] },
    clock: createFakeClock({ auto: true, autoMaxMs: 10_000 }),
  });
  await h.pair();
  h.fake.sendText(ALICE, "write a note");
  const ask = await h.reply(/Allow <code>write_file\(/);
  const buttons = ask.params.reply_markup.inline_keyboard[0];
  assert.deepEqual(buttons.map((b: { text: string }) => b.text), ["✅ Yes", "❌ No"]);
  const id = [...h.fake.messages.entries()].find(([, m]) => /Allow/.test(m.text))![0];
  h.fake.sendText(MALLORY, "hi");
  h.fake.pressButton(MALLORY, id, buttons[0].callback_data);
  await h.fake.waitFor((c) =>
    c.method === "answerCallbackQuery" && c.params.text === "Not authorized"
  );
  h.fake.pressButton(ALICE, id, buttons[0].callback_data);
  await h.reply(/✅ Allowed: <code>write_file/);
  await h.reply(/written/);
  assert.equal(await Deno.readTextFile(join(h.agent.workspace, "note.txt")), "hi");
});

Deno.test("the bot denies a gated tool when nobody answers before the timeout", async () => {
  const { toolCallReply } = await import("../../support/mod.ts");
  await using h = await startBotHarness([
    toolCallReply("write_file", { path: "note.txt", content: "hi" }),
    textReply("could not write"),
  ], { settings: { requireApproval: ["write_file"] } });
  await h.pair();
  h.fake.sendText(ALICE, "write a note");
  await h.reply(/⌛ No answer: denied/);
  await h.reply(/could not write/);
  await assert.rejects(() => Deno.stat(join(h.agent.workspace, "note.txt")));
  const toolResult = h.agent.provider.calls[1].context.messages.find((m) => m.role === "tool")!;
  assert.match(JSON.stringify(toolResult), /denied|refused|approv/i);
});

Deno.test("TelegramBot.stop() ends polling and aborts a running turn with the session saved", async () => {
  let streaming = Promise.withResolvers<void>();
  await using h = await startBotHarness([], {
    deps: (deps) => ({
      ...deps,
      streamFor: () =>
        Promise.resolve(async function* (_ctx, options): AsyncGenerator<StreamEvent> {
          yield { type: "start", provider: "fake", model: "fake/fake-model" };
          yield { type: "text_delta", text: "partial" };
          streaming.resolve();
          await new Promise((resolve) => options?.signal?.addEventListener("abort", resolve));
        }),
    }),
  });
  await h.pair();
  h.fake.sendText(ALICE, "a long question");
  await streaming.promise;
  await h.bot.stop();
  const polls = h.fake.callsOf("getUpdates").length;
  assert.equal(h.fake.polling, 0);
  const id = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_sessions.json")))[
    String(ALICE.id)
  ];
  const transcript = await h.agent.store.read(id);
  const users = transcript.entries.filter((e) => e.type === "message" && e.message.role === "user");
  assert.equal(users.length, 1);
  assert.equal(await readTelegramStatus(h.stateDir), undefined, "status file removed");
  streaming = Promise.withResolvers<void>();
  h.fake.sendText(ALICE, "anyone?");
  await Promise.resolve();
  assert.equal(h.fake.callsOf("getUpdates").length, polls, "no polling after stop");
});

Deno.test("the bot serves the paired user in a forum topic and ignores strangers in groups", async () => {
  await using h = await startBotHarness([textReply("in the topic")]);
  const group = -100123;
  // Five "wrong codes" in a group would lock pairing if strangers in groups were heard.
  for (let i = 0; i < 5; i++) h.fake.sendText(MALLORY, "000000", { chatId: group });
  await h.pair();
  h.fake.sendText(ALICE, "hello group", { chatId: group, threadId: 9 });
  const reply = await h.reply(/^in the topic$/, group);
  const thinking = h.fake.callsOf("sendMessage").find((c) => c.params.chat_id === group)!;
  assert.equal(thinking.params.message_thread_id, 9);
  assert.ok(reply);
  assert.equal(h.fake.callsOf("sendMessage").filter((c) => c.params.chat_id === group).length, 1);
  const map = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_sessions.json")));
  assert.ok(map[`${group}:9`]);
});

Deno.test("the bot picks up what `chat --session` added to the chat's transcript meanwhile", async () => {
  await using h = await startBotHarness([
    textReply("from telegram"),
    textReply("from the terminal"),
    textReply("back in telegram"),
  ]);
  await h.pair();
  h.fake.sendText(ALICE, "first");
  await h.reply(/^from telegram$/);
  const id = JSON.parse(await Deno.readTextFile(join(h.stateDir, "telegram_sessions.json")))[
    String(ALICE.id)
  ];
  const terminal = await h.agent.open({ id });
  await terminal.send("typed in the terminal");
  await terminal.close();
  h.fake.sendText(ALICE, "and now?");
  await h.reply(/^back in telegram$/);
  const seen = h.agent.provider.calls[2].context.messages.map((m) =>
    typeof m.content === "string" ? m.content : ""
  );
  assert.ok(seen.includes("typed in the terminal"), seen.join(" | "));
});
