/**
 * The grammY wiring: long polling, pairing, one Session per chat streamed into live replies,
 * commands, attachments, approvals by inline keyboard, deliveries to the paired user, 429
 * `retry_after` honoured, status for other processes, graceful stop.
 */
import type { Api, Bot, Context, RawApi } from "grammy";
import type { UserContent } from "../../agent/mod.ts";
import type { Delivery } from "../../core/mod.ts";
import { errorMessage } from "../../core/mod.ts";
import { createApprovals } from "./approvals.ts";
import { attachmentContent, fileOfMessage, loadAttachment } from "./attachments.ts";
import { createChatSessions } from "./chats.ts";
import { menuCommands, parseCommand, runCommand } from "./commands.ts";
import { splitMessage } from "./format.ts";
import { createLiveReply, type ReplyTarget, SYSTEM_CLOCK } from "./live_reply.ts";
import { createPairing, type PairingOutcome } from "./pairing.ts";
import { removeTelegramStatus, type TelegramStatus, writeTelegramStatus } from "./status.ts";
import type { TelegramBot, TelegramBotOptions } from "./types.ts";

/** Longest `retry_after` waited for (longer: the call fails). */
const MAX_RETRY_AFTER_S = 120;
const MAX_RETRIES = 3;
/** How long `start()` waits for getMe. */
const START_TIMEOUT_MS = 20_000;

/** Creates the bot; nothing talks to Telegram before `start()`. */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const log = options.log;
  const stopping = new AbortController();
  const sleep = options.sleep ?? ((ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      stopping.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    }));
  const state: TelegramStatus = { enabled: true, connected: false, updated_at: "" };
  let bot: Bot | undefined;
  let polling: Promise<void> | undefined;
  const turns = new Set<Promise<void>>();
  const aborts = new Set<AbortController>();
  let statusWrite: Promise<void> = Promise.resolve();
  let closed = false;

  const pairing = createPairing({
    stateDir: options.stateDir,
    now: () => clock.now(),
    randomCode: options.randomCode,
    onCode: (c) => log.warn(`TELEGRAM PAIRING CODE: ${c.code} (valid 10 minutes)`),
  });
  const publish = async () => {
    // After stop() removed the file, late errors must not write it again.
    if (closed) return;
    const pending = pairing.pending();
    const paired = await pairing.pairedUser().catch(() => undefined);
    state.paired_user = paired;
    state.pending_code = pending?.code;
    state.pending_code_expires_at = pending ? new Date(pending.expiresAt).toISOString() : undefined;
    state.updated_at = new Date(clock.now()).toISOString();
    const snapshot = { ...state };
    statusWrite = statusWrite.then(() => writeTelegramStatus(options.stateDir, snapshot))
      .catch((e) => log.warn(`telegram: cannot write status: ${errorMessage(e)}`));
    await statusWrite;
  };
  const failed = (what: string, error: unknown) => {
    state.last_error = `${what}: ${errorMessage(error)}`;
    log.warn(`telegram: ${state.last_error}`);
    void publish();
  };

  const approvals = createApprovals({
    ask: async (chatKey, html, buttons) => {
      const { chatId, threadId } = parseChatKey(chatKey);
      const m = await bot!.api.sendMessage(chatId, html, {
        parse_mode: "HTML",
        ...(threadId ? { message_thread_id: threadId } : {}),
        reply_markup: {
          inline_keyboard: [[
            { text: "✅ Yes", callback_data: buttons.yes },
            { text: "❌ No", callback_data: buttons.no },
          ]],
        },
      });
      return m.message_id;
    },
    settle: async (chatKey, messageId, html) => {
      await bot!.api.editMessageText(parseChatKey(chatKey).chatId, messageId, html, {
        parse_mode: "HTML",
      });
    },
  }, { timeoutMs: options.approvalTimeoutMs, clock, onError: (e) => failed("approval", e) });

  const chats = createChatSessions({
    deps: options.deps,
    defaultModel: () => options.defaultModel,
    stateDir: options.stateDir,
    approveFor: (chatKey) => approvals.hookFor(chatKey),
    onTurn: options.onTurn,
  });

  const targetOf = (chatKey: string): ReplyTarget => {
    const { chatId, threadId } = parseChatKey(chatKey);
    const extra = {
      ...(threadId ? { message_thread_id: threadId } : {}),
      link_preview_options: { is_disabled: true },
    };
    return {
      send: async (text, { html }) =>
        (await bot!.api.sendMessage(chatId, text, {
          ...extra,
          ...(html ? { parse_mode: "HTML" as const } : {}),
        })).message_id,
      edit: async (id, text, { html }) => {
        try {
          await bot!.api.editMessageText(chatId, id, text, {
            link_preview_options: { is_disabled: true },
            ...(html ? { parse_mode: "HTML" as const } : {}),
          });
        } catch (error) {
          if (!/message is not modified/.test(errorMessage(error))) throw error;
        }
      },
    };
  };

  const say = async (chatKey: string, html: string) => {
    const target = targetOf(chatKey);
    for (const chunk of splitMessage(html, { html: true })) {
      await target.send(chunk, { html: true });
    }
  };

  const runTurn = async (chatKey: string, content: UserContent) => {
    const reply = createLiveReply({
      target: targetOf(chatKey),
      clock,
      onError: (e) => log.warn(`telegram: reply: ${errorMessage(e)}`),
    });
    await reply.start();
    const abort = new AbortController();
    aborts.add(abort);
    if (stopping.signal.aborted) abort.abort();
    try {
      const r = await chats.use(
        chatKey,
        (session) => session.send(content, { signal: abort.signal, onEvent: reply.onEvent }),
      );
      await reply.finish(r.stopReason === "aborted" && !r.text ? "⏹ Stopped." : r.text);
    } finally {
      aborts.delete(abort);
    }
  };

  const handleAuthorized = async (ctx: Context, chatKey: string) => {
    const message = ctx.message!;
    const text = (message.text ?? message.caption ?? "").trim();
    if (message.text && parseCommand(text)) {
      const result = await runCommand(text, {
        chatKey,
        chats,
        pairing,
        skillCommands: options.skillCommands,
        skillsText: options.skillsText,
        home: options.home,
        models: options.models,
        checkModel: options.checkModel,
        searchMemory: options.searchMemory,
        contextWindow: options.deps.settings.contextWindow,
      });
      if (result && "reply" in result) {
        await say(chatKey, result.reply);
        if (parseCommand(text)?.name === "unpair") void publish();
        return;
      }
      if (result) return await runTurn(chatKey, result.send);
    }
    const file = fileOfMessage(message);
    if (file) {
      let attachment;
      try {
        attachment = await loadAttachment(file, {
          getFile: (id) => bot!.api.getFile(id),
          download: (path) => download(path),
        }, options.maxAttachmentBytes);
      } catch (error) {
        await say(chatKey, `⚠️ ${escapeForChat(errorMessage(error))}`);
        return;
      }
      return await runTurn(chatKey, attachmentContent(text, attachment));
    }
    if (!text) return;
    await runTurn(chatKey, text);
  };

  const download = async (path: string): Promise<Uint8Array> => {
    const url = `${options.apiRoot.replace(/\/+$/, "")}/file/bot${options.token}/${path}`;
    const res = await (options.fetch ?? fetch)(url, { signal: stopping.signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Cannot download the file: HTTP ${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };

  const track = (job: Promise<void>) => {
    const p = job.catch((e) => failed("turn", e)).finally(() => turns.delete(p));
    turns.add(p);
  };

  const onMessage = async (ctx: Context) => {
    const from = ctx.from;
    const message = ctx.message;
    if (!from || from.is_bot || !message) return;
    const text = message.text ?? message.caption ?? "";
    // In groups only the paired user is heard; pairing and refusals happen in a private chat.
    if (message.chat.type !== "private") {
      const paired = await pairing.pairedUser().catch(() => undefined);
      if (paired?.user_id !== from.id) return;
    }
    const outcome = await pairing.check({ id: from.id, username: from.username }, text);
    const chatKey = chatKeyOf(
      message.chat.id,
      message.is_topic_message ? message.message_thread_id : undefined,
    );
    if (outcome.kind === "authorized") {
      // Turns run beside the polling loop: a turn waiting for an approval button must not block
      // the update that carries the press.
      track(handleAuthorized(ctx, chatKey));
      return;
    }
    if (outcome.kind === "paired") {
      log.info(
        `telegram: paired with user ${from.id}${from.username ? ` (@${from.username})` : ""}`,
      );
    }
    // The status file (daemon status) shows the new code or pairing before the user hears back.
    if (outcome.kind !== "refused" && outcome.kind !== "wrong") await publish();
    await say(chatKey, pairingReply(outcome));
  };

  const onCallback = async (ctx: Context) => {
    const q = ctx.callbackQuery!;
    const paired = await pairing.pairedUser().catch(() => undefined);
    if (!paired || paired.user_id !== q.from.id) {
      await ctx.answerCallbackQuery({ text: "Not authorized" });
      return;
    }
    const handled = q.data ? approvals.answer(q.data) : false;
    await ctx.answerCallbackQuery(handled ? {} : { text: "This question was already answered" });
  };

  const retrying = (api: Api<RawApi>) => {
    api.config.use(async (prev, method, payload, signal) => {
      for (let attempt = 0;; attempt++) {
        let res;
        try {
          res = await prev(method, payload, signal);
        } catch (error) {
          if (method !== "getUpdates" || !stopping.signal.aborted) {
            state.connected = false;
            state.last_error = `${method}: ${errorMessage(error)}`;
          }
          throw error;
        }
        if (res.ok) {
          if (!state.connected && !stopping.signal.aborted && polling) {
            state.connected = true;
            void publish();
          }
          return res;
        }
        const after = res.parameters?.retry_after;
        if (
          res.error_code !== 429 || method === "getUpdates" || after === undefined ||
          after > MAX_RETRY_AFTER_S || attempt >= MAX_RETRIES || stopping.signal.aborted
        ) return res;
        log.warn(`telegram: ${method} rate limited: retrying after ${after} s`);
        await sleep(after * 1000);
      }
    });
  };

  return {
    deliver: async (delivery: Delivery) => {
      try {
        const paired = await pairing.pairedUser();
        if (!paired || !bot) {
          log.info(
            `telegram: ${delivery.source} result not sent: ${
              bot ? "no paired user" : "the bot is not running"
            }`,
          );
          return;
        }
        const title = delivery.source === "heartbeat"
          ? "💓 **Heartbeat**"
          : `⏰ **${delivery.name ?? "Cron"}**`;
        const chatKey = chatKeyOf(paired.user_id, options.heartbeatTopicId);
        const reply = createLiveReply({ target: targetOf(chatKey), clock });
        await reply.finish(`${title}\n\n${delivery.text}`);
      } catch (error) {
        failed(`${delivery.source} delivery`, error);
      }
    },
    status: () => ({ ...state, pending_code: pairing.pending()?.code }),
    pairing,
    async start() {
      const { Bot } = await import("grammy/web");
      bot = new Bot(options.token, {
        client: {
          apiRoot: options.apiRoot.replace(/\/+$/, ""),
          ...(options.fetch ? { fetch: options.fetch as typeof fetch } : {}),
        },
      });
      retrying(bot.api);
      bot.on("message", onMessage);
      bot.on("callback_query:data", onCallback);
      bot.catch((e) => failed("update", e.error));
      try {
        const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(START_TIMEOUT_MS)]);
        // grammY's Node typings name the abort-controller polyfill; the web build takes this one.
        await bot.init(signal as unknown as Parameters<Bot["init"]>[0]);
      } catch (error) {
        state.last_error = `getMe: ${errorMessage(error)}`;
        await publish();
        return { ok: false, reason: `cannot reach the Bot API (${errorMessage(error)})` };
      }
      state.bot_username = bot.botInfo.username;
      await bot.api.setMyCommands(menuCommands(options.skillCommands))
        .catch((e) => failed("setMyCommands", e));
      const ready = Promise.withResolvers<void>();
      polling = bot.start({
        allowed_updates: options.allowedUpdates as never,
        onStart: () => ready.resolve(),
      }).catch((error) => {
        state.connected = false;
        failed("polling stopped", error);
        ready.resolve();
      });
      await ready.promise;
      state.connected = bot.isRunning();
      await publish();
      return { ok: true, username: bot.botInfo.username };
    },
    async stop() {
      stopping.abort();
      approvals.denyAll();
      for (const a of aborts) a.abort();
      if (bot?.isRunning()) {
        await bot.stop().catch((e) => log.warn(`telegram: stop: ${errorMessage(e)}`));
      }
      await polling;
      await Promise.allSettled([...turns]);
      await chats.close();
      closed = true;
      await statusWrite;
      await removeTelegramStatus(options.stateDir);
    },
  };
}

function escapeForChat(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The session key of a chat (and forum topic). */
export function chatKeyOf(chatId: number, threadId?: number): string {
  return threadId ? `${chatId}:${threadId}` : String(chatId);
}

function parseChatKey(key: string): { chatId: number; threadId?: number } {
  const [chat, thread] = key.split(":");
  return { chatId: Number(chat), ...(thread ? { threadId: Number(thread) } : {}) };
}

/** The reply to a message that did not pass pairing. */
export function pairingReply(outcome: Exclude<PairingOutcome, { kind: "authorized" }>): string {
  switch (outcome.kind) {
    case "refused":
      return "⛔ Not authorized: this bot is paired with another Telegram account.";
    case "instructions":
      return "👋 This bot is not paired yet. A 6-digit pairing code is in the daemon log " +
        "(<code>TELEGRAM PAIRING CODE</code>) and in <code>localgpt daemon status</code>. " +
        "Send it here to pair.";
    case "paired":
      return "✅ Paired! Send me a message. /help lists the commands.";
    case "wrong":
      return `❌ Wrong code (${outcome.left} ${outcome.left === 1 ? "try" : "tries"} left).`;
    case "expired":
      return "⌛ That code expired. A new code is in the daemon log.";
    case "locked": {
      return "🔒 Too many wrong codes: pairing is locked. Try again in 10 minutes.";
    }
  }
}
