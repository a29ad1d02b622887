/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the real wire format: `POST
 * /bot<token>/<method>` with JSON parameters answered by `{ ok, result }` or `{ ok: false,
 * error_code, description, parameters }`, `getUpdates` long polling with offsets, file downloads
 * from `/file/bot<token>/<path>`, and Telegram's HTML check ("can't parse entities").
 */

// deno-lint-ignore no-explicit-any
type Json = any;

/** One Bot API call as the fake saw it. */
export interface BotApiCall {
  method: string;
  params: Json;
}

/** A Bot API error the fake answers with. */
export interface BotApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A Telegram user for scripted updates. */
export interface FakeUser {
  id: number;
  username?: string;
  first_name?: string;
}

/** The running fake; dispose it (`await using`) to stop it. */
export interface FakeTelegram extends AsyncDisposable {
  /** The `api_root` to configure. */
  apiRoot: string;
  token: string;
  calls: BotApiCall[];
  /** Calls of one method. */
  callsOf(method: string): BotApiCall[];
  /** Queues a text message from `from` (private chat unless `chatId`); returns its update id. */
  sendText(from: FakeUser, text: string, extra?: { chatId?: number; threadId?: number }): number;
  /** Queues a photo (registers the file for getFile and download). */
  sendPhoto(from: FakeUser, bytes: Uint8Array, caption?: string): number;
  /** Queues a document. */
  sendDocument(
    from: FakeUser,
    file: { name: string; mime: string; bytes: Uint8Array; size?: number },
    caption?: string,
  ): number;
  /** Queues a press of an inline keyboard button. */
  pressButton(from: FakeUser, messageId: number, data: string): number;
  /** The next call of `method` (matching `when`) fails with `error` (queued; one per call). */
  failNext(method: string, error: BotApiError, when?: (params: Json) => boolean): void;
  /** Resolves with the first call (already made or coming) that matches; rejects after `ms`. */
  waitFor(predicate: (call: BotApiCall) => boolean, ms?: number): Promise<BotApiCall>;
  /** The text of every message as it stands (after edits), by message id. */
  messages: Map<number, { chat_id: number; text: string; parse_mode?: string }>;
  /** Number of getUpdates requests waiting. */
  readonly polling: number;
}

const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "span",
  "tg-spoiler",
  "blockquote",
  "tg-emoji",
]);

/** Telegram's HTML check; returns the error description, or undefined when the text parses. */
export function checkTelegramHtml(text: string): string | undefined {
  const stack: string[] = [];
  const bytes = (i: number) => new TextEncoder().encode(text.slice(0, i)).length;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(text.slice(i));
      if (!m) {
        // Telegram accepts a bare "&" only when it cannot start an entity name.
        if (/^&[a-z#]/i.test(text.slice(i))) {
          return `Bad Request: can't parse entities: Unsupported HTML entity at byte offset ${
            bytes(i)
          }`;
        }
      }
      continue;
    }
    if (c === ">") continue;
    if (c !== "<") continue;
    const m = /^<(\/?)([a-z-]*)((?:\s+[a-z-]+="[^"]*")*)\s*>/i.exec(text.slice(i));
    if (!m) {
      return `Bad Request: can't parse entities: Unclosed start tag at byte offset ${bytes(i)}`;
    }
    const name = m[2].toLowerCase();
    if (!ALLOWED_TAGS.has(name)) {
      return `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${
        bytes(i)
      }`;
    }
    if (m[1]) {
      if (stack.pop() !== name) {
        return `Bad Request: can't parse entities: Unmatched end tag at byte offset ${
          bytes(i)
        }, expected "</${stack.at(-1) ?? ""}>", found "</${name}>"`;
      }
    } else stack.push(name);
    i += m[0].length - 1;
  }
  if (stack.length) {
    return `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${
      stack.at(-1)
    }"`;
  }
  return undefined;
}

/** Starts the fake for bot `username` with `token`. */
export async function startFakeTelegram(
  options: { token?: string; username?: string; botId?: number } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? "123456:TEST-token";
  const username = options.username ?? "localgpt_test_bot";
  const botId = options.botId ?? 999;
  const calls: BotApiCall[] = [];
  const updates: Json[] = [];
  const failures = new Map<string, { error: BotApiError; when?: (p: Json) => boolean }[]>();
  const files = new Map<string, { path: string; bytes: Uint8Array; size: number }>();
  const messages = new Map<number, { chat_id: number; text: string; parse_mode?: string }>();
  const waiters = new Set<() => void>();
  const watchers = new Set<(call: BotApiCall) => void>();
  let polling = 0;
  let updateId = 1000;
  let messageId = 1;
  let fileSeq = 0;
  const wake = () => {
    for (const w of waiters) w();
  };
  const now = () => Math.floor(Date.now() / 1000);
  const chatOf = (from: FakeUser, chatId?: number) =>
    chatId && chatId !== from.id
      ? { id: chatId, type: "supergroup", title: "group", is_forum: true }
      : { id: from.id, type: "private", first_name: from.first_name ?? "User" };
  const userOf = (from: FakeUser) => ({
    id: from.id,
    is_bot: false,
    first_name: from.first_name ?? "User",
    ...(from.username ? { username: from.username } : {}),
  });
  const push = (update: Json) => {
    update.update_id = ++updateId;
    updates.push(update);
    wake();
    return update.update_id;
  };
  const newMessage = (from: FakeUser, body: Json, chatId?: number, threadId?: number) => ({
    message: {
      message_id: messageId++,
      date: now(),
      chat: chatOf(from, chatId),
      from: userOf(from),
      ...(threadId ? { message_thread_id: threadId, is_topic_message: true } : {}),
      ...body,
    },
  });
  const addFile = (bytes: Uint8Array, name: string, size?: number) => {
    const id = `file-${++fileSeq}`;
    files.set(id, { path: `documents/${id}-${name}`, bytes, size: size ?? bytes.length });
    return id;
  };

  const ok = (result: unknown) => Response.json({ ok: true, result });
  const fail = (e: BotApiError) => Response.json({ ok: false, ...e }, { status: e.error_code });
  const badRequest = (description: string) => fail({ error_code: 400, description });

  const sentMessage = (p: Json, id: number) => ({
    message_id: id,
    date: now(),
    chat: { id: p.chat_id, type: "private" },
    from: { id: botId, is_bot: true, first_name: "LocalGPT", username },
    text: p.text,
  });

  const checkText = (p: Json): string | undefined => {
    if (typeof p.text !== "string" || p.text.trim() === "") {
      return "Bad Request: message text is empty";
    }
    if (p.parse_mode === "HTML") {
      const problem = checkTelegramHtml(p.text);
      if (problem) return problem;
      const visible = p.text.replace(/<[^>]+>/g, "").replace(/&[a-z#0-9]+;/gi, "x");
      if (visible.length > 4096) return "Bad Request: message is too long";
    } else if (p.text.length > 4096) return "Bad Request: message is too long";
    return undefined;
  };

  const methods: Record<string, (p: Json, signal: AbortSignal) => Promise<Response> | Response> = {
    getMe: () =>
      ok({
        id: botId,
        is_bot: true,
        first_name: "LocalGPT",
        username,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
    deleteWebhook: () => ok(true),
    setMyCommands: (p) =>
      Array.isArray(p.commands) &&
        p.commands.every((c: Json) => /^[a-z0-9_]{1,32}$/.test(c.command) && c.description)
        ? ok(true)
        : badRequest("Bad Request: BOT_COMMAND_INVALID"),
    async getUpdates(p, signal) {
      const offset = Number(p.offset ?? 0);
      const drop = () => {
        while (updates.length && updates[0].update_id < offset) updates.shift();
      };
      drop();
      const timeout = Number(p.timeout ?? 0);
      if (!updates.length && timeout > 0) {
        polling++;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            signal.removeEventListener("abort", done);
            resolve();
          };
          // The long-poll timeout is the client's (30 s); the fake answers as soon as an update
          // arrives or the client goes away.
          const timer = setTimeout(done, timeout * 1000);
          waiters.add(done);
          signal.addEventListener("abort", done);
        });
        polling--;
        drop();
      }
      const limit = Number(p.limit ?? 100);
      return ok(updates.slice(0, limit));
    },
    sendMessage(p) {
      const problem = checkText(p);
      if (problem) return badRequest(problem);
      const id = messageId++;
      messages.set(id, { chat_id: p.chat_id, text: p.text, parse_mode: p.parse_mode });
      return ok(sentMessage(p, id));
    },
    editMessageText(p) {
      const m = messages.get(Number(p.message_id));
      if (!m) return badRequest("Bad Request: message to edit not found");
      const problem = checkText(p);
      if (problem) return badRequest(problem);
      if (m.text === p.text && m.parse_mode === p.parse_mode && !p.reply_markup) {
        return badRequest(
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
      }
      messages.set(Number(p.message_id), { ...m, text: p.text, parse_mode: p.parse_mode });
      return ok(sentMessage(p, Number(p.message_id)));
    },
    answerCallbackQuery: () => ok(true),
    sendChatAction: () => ok(true),
    getFile(p) {
      const f = files.get(p.file_id);
      if (!f) return badRequest("Bad Request: invalid file_id");
      if (f.size > 20 * 1024 * 1024) return badRequest("Bad Request: file is too big");
      return ok({
        file_id: p.file_id,
        file_unique_id: p.file_id,
        file_size: f.size,
        file_path: f.path,
      });
    },
  };

  const listening = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => listening.resolve(port),
  }, async (req) => {
    const url = new URL(req.url);
    const file = new RegExp(`^/file/bot${token.replace(/[^\w]/g, "\\$&")}/(.+)$`).exec(
      url.pathname,
    );
    if (file && req.method === "GET") {
      const f = [...files.values()].find((x) => x.path === decodeURIComponent(file[1]));
      return f
        ? new Response(f.bytes as Uint8Array<ArrayBuffer>)
        : new Response("Not Found", { status: 404 });
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return fail({ error_code: 404, description: "Not Found" });
    if (m[1] !== token) return fail({ error_code: 401, description: "Unauthorized" });
    const type = req.headers.get("content-type") ?? "";
    const text = await req.text();
    let params: Json = {};
    if (type.includes("application/json") && text) params = JSON.parse(text);
    else if (text) params = Object.fromEntries(new URLSearchParams(text));
    const call = { method: m[2], params };
    calls.push(call);
    for (const w of watchers) w(call);
    const queued = failures.get(m[2]) ?? [];
    const due = queued.findIndex((f) => !f.when || f.when(params));
    if (due >= 0) return fail(queued.splice(due, 1)[0].error);
    const handler = methods[m[2]];
    if (!handler) return fail({ error_code: 404, description: "Not Found: method not found" });
    return await handler(params, req.signal);
  });

  const port = await listening.promise;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    messages,
    get polling() {
      return polling;
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    sendText: (from, text, extra = {}) =>
      push(newMessage(from, { text }, extra.chatId, extra.threadId)),
    sendPhoto(from, bytes, caption) {
      const small = addFile(bytes.slice(0, 10), "small.jpg");
      const big = addFile(bytes, "photo.jpg");
      return push(newMessage(from, {
        photo: [
          { file_id: small, file_unique_id: small, width: 90, height: 90, file_size: 10 },
          { file_id: big, file_unique_id: big, width: 800, height: 800, file_size: bytes.length },
        ],
        ...(caption ? { caption } : {}),
      }));
    },
    sendDocument(from, f, caption) {
      const id = addFile(f.bytes, f.name, f.size);
      return push(newMessage(from, {
        document: {
          file_id: id,
          file_unique_id: id,
          file_name: f.name,
          mime_type: f.mime,
          file_size: f.size ?? f.bytes.length,
        },
        ...(caption ? { caption } : {}),
      }));
    },
    pressButton(from, id, data) {
      const m = messages.get(id);
      return push({
        callback_query: {
          id: `cb-${updateId + 1}`,
          from: userOf(from),
          chat_instance: "1",
          data,
          message: {
            message_id: id,
            date: now(),
            chat: { id: m?.chat_id ?? from.id, type: "private" },
            text: m?.text ?? "",
          },
        },
      });
    },
    failNext(method, error, when) {
      const list = failures.get(method) ?? [];
      list.push({ error, when });
      failures.set(method, list);
    },
    waitFor(predicate, ms = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(
            new Error(
              `no matching Bot API call within ${ms} ms; calls: ${
                calls.map((c) => c.method).join(", ")
              }`,
            ),
          );
        }, ms);
        const watch = (call: BotApiCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(call);
        };
        watchers.add(watch);
      });
    },
    async [Symbol.asyncDispose]() {
      wake();
      await server.shutdown();
    },
  };
}
