/**
 * ADAPTER POINT (lead: replace after the agent's `Session` lands). The daemon's ChatBackend over
 * the shared session store: each turn streams the session's model with the conversation so far and
 * appends the user message and the reply to the same JSONL transcript the CLI uses, so a web
 * session can be resumed with `chat --session`. It runs no tools: wiring the agent's Session
 * (runAgent with the `server` tool set, queueing, compaction) means implementing `send()` and
 * `compactSession()` with it; the HTTP channel needs nothing else.
 */
import type { AssistantMessage as CoreAssistant, Message, StreamEvent } from "../../core/mod.ts";
import { assistantEntry, chatMessage, summary, toModelMessages } from "./chat_messages.ts";
import { errorMessage } from "../../core/mod.ts";
import type { SessionStore, TranscriptFile } from "../../agent/mod.ts";
import type { StreamFn } from "../../llm/mod.ts";
import {
  type ChatBackend,
  type ChatSessionInfo,
  type SendOptions,
  UnknownSessionError,
} from "../../channels/http/mod.ts";

/** Inputs of `createModelChatBackend()`. */
export interface ModelChatBackendOptions {
  store: SessionStore;
  /** The stream for a model id (the configured model and its fallbacks). */
  streamFor(model: string): Promise<StreamFn>;
  defaultModel: string;
  /** The system prompt of a turn (workspace files, date, security suffix). */
  systemPrompt(model: string): Promise<string>;
  /** Working directory recorded in new transcripts. */
  cwd: string;
  /** Models listed on `/v1/models`. */
  models?: string[];
  now?: () => number;
  /** Live sessions idle this long are closed (reopened from disk on use). Default 30 min. */
  idleMs?: number;
  /** At most this many live sessions; the least recently used is closed. Default 100. */
  maxLive?: number;
}

/** Defaults of the live-session limits (the reference server's). */
export const LIVE_LIMITS = { idleMs: 30 * 60_000, maxLive: 100 } as const;

interface Live {
  file: TranscriptFile;
  history: Message[];
  model: string;
  queue: Promise<unknown>;
  usedAt: number;
  /** Turns queued or running; a busy session is never evicted. */
  pending: number;
}

/** Creates the backend; see the file comment for what it does not do yet. */
export function createModelChatBackend(options: ModelChatBackendOptions): ChatBackend {
  const { store } = options;
  const now = options.now ?? Date.now;
  const live = new Map<string, Live>();
  const running = new Set<AbortController>();
  const models = new Map<string, string>();

  const info = async (id: string): Promise<ChatSessionInfo | undefined> => {
    const s = (await store.list()).find((x) => x.sessionId === id);
    if (!s) return undefined;
    return summary(s, live.has(id), live.get(id)?.model ?? models.get(id));
  };

  const idleMs = options.idleMs ?? LIVE_LIMITS.idleMs;
  const maxLive = options.maxLive ?? LIVE_LIMITS.maxLive;
  const release = async (id: string) => {
    const s = live.get(id);
    if (!s) return;
    live.delete(id);
    await s.queue;
    await s.file.close();
  };
  // Closes idle sessions and, over the limit, the least recently used ones (never a busy one).
  const evict = async () => {
    const t = now();
    const byAge = [...live.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
    let count = byAge.length;
    for (const [id, s] of byAge) {
      if (s.pending === 0 && (t - s.usedAt > idleMs || count > maxLive)) {
        count--;
        await release(id);
      }
    }
  };
  const hold = async (id: string, entry: Live) => {
    live.set(id, entry);
    await evict();
  };

  const open = async (id: string): Promise<Live> => {
    const held = live.get(id);
    if (held) {
      held.usedAt = now();
      return held;
    }
    const ids = (await store.list()).map((s) => s.sessionId);
    if (!ids.includes(id)) throw new UnknownSessionError(id);
    const opened = await store.open(id);
    const entry: Live = {
      file: opened.file,
      history: toModelMessages(opened.context.messages),
      model: models.get(id) ?? options.defaultModel,
      queue: Promise.resolve(),
      usedAt: now(),
      pending: 0,
    };
    await hold(id, entry);
    return entry;
  };

  const run = async (
    model: string,
    context: { system: string; messages: Message[] },
    opts: SendOptions,
  ): Promise<{ text: string; message?: CoreAssistant; error?: string }> => {
    let text = "";
    let message: CoreAssistant | undefined;
    let error: string | undefined;
    try {
      // A missing model (ConfigError with a guide) becomes this turn's error event.
      const stream = await options.streamFor(model);
      for await (
        const e of stream(context, { signal: opts.signal }) as AsyncIterable<StreamEvent>
      ) {
        if (e.type === "text_delta") {
          text += e.text;
          opts.onEvent?.({ type: "text_delta", text: e.text });
        } else if (e.type === "thinking_delta") {
          opts.onEvent?.({ type: "thinking_delta", text: e.text });
        } else if (e.type === "usage") {
          opts.onEvent?.({ type: "usage", usage: e.usage });
        } else if (e.type === "done") message = e.message;
        else if (e.type === "error") error = e.error.message;
      }
    } catch (e) {
      if (!opts.signal?.aborted) error = errorMessage(e);
    }
    if (error && !opts.signal?.aborted) opts.onEvent?.({ type: "error", message: error });
    if (!opts.signal?.aborted) opts.onEvent?.({ type: "done", text });
    return { text, message, error };
  };

  const turn = async (s: Live, text: string, opts: SendOptions) => {
    const abort = new AbortController();
    running.add(abort);
    const signal = opts.signal ? AbortSignal.any([opts.signal, abort.signal]) : abort.signal;
    try {
      if (opts.model) s.model = opts.model;
      await s.file.appendMessage({ role: "user", content: text, timestamp: now() });
      s.history.push({ role: "user", content: text });
      const system = await options.systemPrompt(s.model);
      const r = await run(s.model, { system, messages: s.history }, { ...opts, signal });
      if (r.text || r.message) {
        s.history.push({ role: "assistant", content: [{ type: "text", text: r.text }] });
        await s.file.appendMessage(assistantEntry(s.model, r, signal.aborted, now()));
      }
      return r.text;
    } finally {
      running.delete(abort);
    }
  };

  return {
    async openSession(id, opts = {}) {
      if (id === undefined) {
        const file = await store.create({ cwd: options.cwd });
        const model = opts.model ?? options.defaultModel;
        await hold(file.id, {
          file,
          history: [],
          model,
          queue: Promise.resolve(),
          usedAt: now(),
          pending: 0,
        });
        models.set(file.id, model);
        const t = now();
        return {
          id: file.id,
          model,
          createdAt: t,
          updatedAt: t,
          messageCount: 0,
          tokenCount: 0,
          live: true,
        };
      }
      const s = await open(id);
      if (opts.model) s.model = opts.model;
      return (await info(id))!;
    },
    async send(sessionId, text, opts = {}) {
      const s = await open(sessionId);
      s.pending++;
      opts.onEvent?.({ type: "session", sessionId });
      const result = s.queue.then(() => turn(s, text, opts)).finally(() => {
        s.pending--;
        s.usedAt = now();
      });
      s.queue = result.catch(() => {});
      return { sessionId, model: s.model, text: await result };
    },
    async complete(messages, opts = {}) {
      const model = opts.model ?? options.defaultModel;
      const system = [await options.systemPrompt(model), opts.system].filter(Boolean).join("\n\n");
      const abort = new AbortController();
      running.add(abort);
      try {
        const signal = opts.signal ? AbortSignal.any([opts.signal, abort.signal]) : abort.signal;
        const r = await run(model, { system, messages }, { ...opts, signal });
        return { model, text: r.text };
      } finally {
        running.delete(abort);
      }
    },
    async listSessions() {
      return (await store.list()).map((s) =>
        summary(s, live.has(s.sessionId), live.get(s.sessionId)?.model ?? models.get(s.sessionId))
      );
    },
    getSession: info,
    async messages(id) {
      if (!await info(id)) return undefined;
      const t = await store.read(id);
      return t.entries.flatMap((e) => e.type === "message" ? chatMessage(e.message) : []);
    },
    async deleteSession(id) {
      await release(id);
      return await store.delete(id);
    },
    async clearSession(id) {
      const s = live.get(id) ?? (await info(id) ? await open(id) : undefined);
      if (!s) return false;
      s.history = [];
      return true;
    },
    compactSession(id) {
      return Promise.reject(
        new RangeError(`Cannot compact session "${id}": compaction needs the agent's Session`),
      );
    },
    async setModel(id, model) {
      models.set(id, model);
      const s = live.get(id);
      if (s) s.model = model;
      else await open(id).then((x) => x.model = model);
    },
    defaultModel: () => options.defaultModel,
    models: () => Promise.resolve(options.models ?? [options.defaultModel]),
    async close() {
      for (const a of running) a.abort();
      for (const s of live.values()) {
        await s.queue;
        await s.file.close();
      }
      live.clear();
    },
  };
}
