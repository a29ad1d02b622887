/** A real grammY bot over a test agent, against the fake Bot API server, with a virtual clock. */
import type { StreamEvent } from "../../../src/core/mod.ts";
import type { SessionDeps, SessionSettings } from "../../../src/agent/mod.ts";
import {
  createTelegramBot,
  type TelegramBot,
  type TelegramBotOptions,
} from "../../../src/channels/telegram/mod.ts";
import { createTestAgent, type TestAgent } from "../../support/mod.ts";
import { createFakeClock, type FakeClock } from "../../support/fake_clock.ts";
import {
  type BotApiCall,
  type FakeTelegram,
  type FakeUser,
  startFakeTelegram,
} from "../../support/fake_telegram.ts";

export const ALICE: FakeUser = { id: 4242, username: "alice", first_name: "Alice" };
export const MALLORY: FakeUser = { id: 6666, username: "mallory", first_name: "Mallory" };
/** The pairing codes the harness hands out, in order. */
export const CODES = ["314159", "271828", "161803"];

export interface BotHarness extends AsyncDisposable {
  fake: FakeTelegram;
  agent: TestAgent;
  bot: TelegramBot;
  clock: FakeClock;
  logs: string[];
  sleeps: number[];
  stateDir: string;
  /** The next sendMessage/editMessageText to `chatId` whose text matches. */
  reply(pattern: RegExp, chatId?: number): Promise<BotApiCall>;
  /** Sends the first pairing code as ALICE and waits for the confirmation. */
  pair(): Promise<void>;
  /** Restarts the bot over the same state (a daemon restart). */
  restart(): Promise<void>;
}

export async function startBotHarness(
  script: StreamEvent[][] = [],
  options: {
    settings?: Partial<SessionSettings>;
    bot?: Partial<TelegramBotOptions>;
    clock?: FakeClock;
    /** Changes the session deps (e.g. a custom stream). */
    deps?: (deps: SessionDeps, clock: FakeClock) => SessionDeps;
  } = {},
): Promise<BotHarness> {
  const fake = await startFakeTelegram();
  const agent = await createTestAgent(script, { settings: options.settings });
  const clock = options.clock ?? createFakeClock({ auto: true });
  const logs: string[] = [];
  const sleeps: number[] = [];
  const stateDir = agent.home.vars.LOCALGPT_STATE_DIR;
  let n = 0;
  const make = () =>
    createTelegramBot({
      token: fake.token,
      apiRoot: fake.apiRoot,
      allowedUpdates: ["message", "callback_query"],
      stateDir,
      approvalTimeoutMs: 60_000,
      maxAttachmentBytes: 1024 * 1024,
      deps: options.deps ? options.deps(agent.deps, clock) : agent.deps,
      defaultModel: "fake/fake-model",
      models: () => Promise.resolve(["fake/fake-model", "fake/other"]),
      checkModel: (m) => {
        if (!m.includes("/")) {
          throw new RangeError(`Cannot use model "${m}": expected provider/model`);
        }
      },
      searchMemory: (q) =>
        Promise.resolve([{
          citation: "MEMORY.md#L1-L2",
          score: 0.9,
          snippet: `about ${q} ` + "z".repeat(400),
        }]),
      skillCommands: [],
      skillsText: "No skills found.",
      log: { info: (t) => logs.push(t), warn: (t) => logs.push(t) },
      clock,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      randomCode: () => CODES[n++ % CODES.length],
      ...options.bot,
    });
  const h: BotHarness = {
    fake,
    agent,
    bot: make(),
    clock,
    logs,
    sleeps,
    stateDir,
    reply(pattern, chatId = ALICE.id) {
      const seen = fake.calls.length;
      return fake.waitFor((c) =>
        fake.calls.indexOf(c) >= seen - 50 &&
        (c.method === "sendMessage" || c.method === "editMessageText") &&
        Number(c.params.chat_id) === chatId && pattern.test(String(c.params.text))
      );
    },
    async pair() {
      fake.sendText(ALICE, "hello");
      await h.reply(/not paired yet/);
      fake.sendText(ALICE, CODES[0]);
      await h.reply(/Paired!/);
    },
    async restart() {
      await h.bot.stop();
      h.bot = make();
      const started = await h.bot.start();
      if (!started.ok) throw new Error(started.reason);
    },
    async [Symbol.asyncDispose]() {
      await h.bot.stop();
      await fake[Symbol.asyncDispose]();
      await agent[Symbol.asyncDispose]();
    },
  };
  const started = await h.bot.start();
  if (!started.ok) throw new Error(started.reason);
  return h;
}
