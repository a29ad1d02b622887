/**
 * The daemon's ChatBackend over the agent's Session: one live Session per session id (resumed
 * from the JSONL store on demand, closed when idle or over the live limit), its events mapped
 * onto ChatEvents, its queue serialising a session's turns, its compaction behind `/compact`.
 * The stateless `/v1` answers stream the model directly (no tools, no transcript).
 */
import { errorMessage, type StreamEvent } from "../../core/mod.ts";
import { openSession, Session, type SessionDeps, type SessionEvent } from "../../agent/mod.ts";
import {
  type ChatBackend,
  type ChatEvent,
  type ChatSessionInfo,
  type SendOptions,
  UnknownSessionError,
} from "../../channels/http/mod.ts";
import type { ApprovalBroker } from "./approvals.ts";
import { chatMessage, summary } from "./chat_messages.ts";

/** Inputs of `createAgentChatBackend()`. */
export interface AgentChatBackendOptions {
  /** What every Session is built from (tools, prompt, streams, store). */
  deps: SessionDeps;
  defaultModel: string;
  /** The system prompt of stateless answers (no tools offered); default `deps.systemPrompt`. */
  statelessPrompt?: SessionDeps["systemPrompt"];
  /** Models listed on `/v1/models`. */
  models?: string[];
  /** Throws (ConfigError) for a model id that cannot be used; called before a switch. */
  checkModel?(model: string): void;
  now?: () => number;
  /** Live sessions idle this long are closed (reopened from disk on use). Default 30 min. */
  idleMs?: number;
  /** At most this many live sessions; the least recently used is closed. Default 100. */
  maxLive?: number;
  /**
   * Asks the turn's client before tools in `deps.settings.requireApproval` run; without it those
   * tools are refused (`deps.approve` is not used: it cannot know which client to ask).
   */
  approvals?: ApprovalBroker;
  /** Called when a user turn (or compaction) starts; the function it returns when it ends. */
  onTurn?: () => () => void;
}

/** Defaults of the live-session limits (the reference server's). */
export const LIVE_LIMITS = { idleMs: 30 * 60_000, maxLive: 100 } as const;

interface Live {
  session: Session;
  usedAt: number;
  /** Calls queued or running; a busy session is never evicted. */
  pending: number;
  /** The transcript's size and mtime after our last write: another writer changes them. */
  stamp: string;
}

async function stampOf(path: string): Promise<string> {
  const info = await Deno.stat(path).catch(() => undefined);
  return info ? `${info.size}:${info.mtime?.getTime()}` : "";
}

/** A Session event as the HTTP channel sees it (one to one; nothing is dropped but details). */
export function toChatEvent(e: SessionEvent): ChatEvent {
  switch (e.type) {
    case "session":
      return { type: "session", sessionId: e.sessionId };
    case "tool_start":
      return { type: "tool_start", id: e.id, name: e.name, detail: e.detail };
    case "tool_end":
      return {
        type: "tool_end",
        id: e.id,
        name: e.name,
        output: e.output,
        isError: e.isError,
        warnings: e.warnings,
      };
    case "compaction":
      return { type: "compaction", tokensBefore: e.tokensBefore, tokensAfter: e.tokensAfter };
    case "error":
      return { type: "error", message: e.message };
    case "done":
      return { type: "done", text: e.text };
    default:
      return e;
  }
}

/** Creates the backend; `close()` aborts running turns and closes every transcript. */
export function createAgentChatBackend(options: AgentChatBackendOptions): ChatBackend {
  const { deps } = options;
  const { store } = deps;
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? LIVE_LIMITS.idleMs;
  const maxLive = options.maxLive ?? LIVE_LIMITS.maxLive;
  const live = new Map<string, Live>();
  const opening = new Map<string, Promise<Live>>();
  const running = new Set<AbortController>();
  let closed = false;

  const info = async (id: string): Promise<ChatSessionInfo | undefined> => {
    const s = (await store.list()).find((x) => x.sessionId === id);
    return s && summary(s, live.has(id), live.get(id)?.session.model);
  };
  const release = async (id: string) => {
    const s = live.get(id);
    if (!s) return;
    live.delete(id);
    await s.session.close();
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
  const hold = async (session: Session): Promise<Live> => {
    const entry = { session, usedAt: now(), pending: 0, stamp: await stampOf(session.path) };
    live.set(session.id, entry);
    await evict();
    return entry;
  };
  const openFromDisk = async (id: string): Promise<Live> => {
    if (!(await store.list()).some((s) => s.sessionId === id)) throw new UnknownSessionError(id);
    const session = await openSession(deps, {
      model: options.defaultModel,
      id,
      preferRecordedModel: true,
    });
    return await hold(session);
  };
  const open = (id: string): Promise<Live> => {
    const held = live.get(id);
    if (held && held.pending > 0) {
      held.usedAt = now();
      return Promise.resolve(held);
    }
    // Concurrent requests share one opening (one writer per transcript).
    let pending = opening.get(id);
    if (!pending) {
      pending = (async () => {
        if (held) {
          // An idle session written meanwhile by another process (`chat --session`) is reloaded.
          if (await stampOf(held.session.path) === held.stamp) {
            held.usedAt = now();
            return held;
          }
          await release(id);
        }
        return await openFromDisk(id);
      })().finally(() => opening.delete(id));
      opening.set(id, pending);
    }
    return pending;
  };
  // Runs `job` on the live session, counted as busy (not evicted) until it ends.
  const withSession = async <T>(id: string, job: (s: Session) => Promise<T>): Promise<T> => {
    const s = await open(id);
    s.pending++;
    try {
      return await job(s.session);
    } finally {
      s.stamp = await stampOf(s.session.path);
      s.pending--;
      s.usedAt = now();
    }
  };
  const abortable = async <T>(
    signal: AbortSignal | undefined,
    job: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    const abort = new AbortController();
    // A turn that arrives while the daemon shuts down ends at once (its message is still saved).
    if (closed) abort.abort();
    running.add(abort);
    const ended = options.onTurn?.();
    try {
      return await job(signal ? AbortSignal.any([signal, abort.signal]) : abort.signal);
    } finally {
      running.delete(abort);
      ended?.();
    }
  };

  const switchModel = async (session: Session, model: string | undefined) => {
    if (!model || model === session.model) return;
    options.checkModel?.(model);
    await session.setModel(model);
  };

  const turn = (session: Session, text: string, opts: SendOptions) =>
    abortable(opts.signal, async (signal) => {
      const emit = (e: ChatEvent) => opts.onEvent?.(e);
      try {
        await switchModel(session, opts.model);
        const approvals = options.approvals;
        const r = await session.send(text, {
          signal,
          onEvent: (e) => emit(toChatEvent(e)),
          approve: (request) =>
            approvals
              ? approvals.ask({ sessionId: session.id, request, emit, signal })
              : Promise.resolve(false),
        });
        return r.text;
      } catch (error) {
        // A model that cannot be set up (none configured) ends this turn, not the request.
        if (!signal.aborted) emit({ type: "error", message: errorMessage(error) });
        emit({ type: "done", text: "" });
        return "";
      }
    });

  return {
    async openSession(id, opts = {}) {
      if (id === undefined) {
        if (opts.model) options.checkModel?.(opts.model);
        const model = opts.model ?? options.defaultModel;
        const file = await store.create({ cwd: deps.cwd });
        await hold(new Session(deps, file, { model }));
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
      await switchModel(s.session, opts.model);
      return (await info(id))!;
    },
    async send(sessionId, text, opts = {}) {
      const out = await withSession(sessionId, async (session) => ({
        text: await turn(session, text, opts),
        model: session.model,
      }));
      return { sessionId, ...out };
    },
    complete(messages, opts = {}) {
      const model = opts.model ?? options.defaultModel;
      return abortable(opts.signal, async (signal) => {
        let text = "";
        let error: string | undefined;
        try {
          const prompt = await (options.statelessPrompt ?? deps.systemPrompt)(model);
          const system = [prompt.system, opts.system].filter(Boolean).join("\n\n");
          const stream = await deps.streamFor(model);
          const context = { system, systemDynamic: prompt.dynamic, messages };
          for await (const e of stream(context, { signal }) as AsyncIterable<StreamEvent>) {
            if (e.type === "text_delta") {
              text += e.text;
              opts.onEvent?.({ type: "text_delta", text: e.text });
            } else if (e.type === "usage") opts.onEvent?.({ type: "usage", usage: e.usage });
            else if (e.type === "error") error = e.error.message;
          }
        } catch (e) {
          if (!signal.aborted) error = errorMessage(e);
        }
        if (error && !signal.aborted) opts.onEvent?.({ type: "error", message: error });
        opts.onEvent?.({ type: "done", text });
        return { model, text };
      });
    },
    async listSessions() {
      return (await store.list()).map((s) =>
        summary(s, live.has(s.sessionId), live.get(s.sessionId)?.session.model)
      );
    },
    getSession: info,
    async messages(id) {
      if (!await info(id)) return undefined;
      const t = await store.read(id);
      return t.entries.flatMap((e) => e.type === "message" ? chatMessage(e.message) : []);
    },
    async deleteSession(id) {
      options.approvals?.forget(id);
      await release(id);
      return await store.delete(id);
    },
    async clearSession(id) {
      if (!live.has(id) && !await info(id)) return false;
      options.approvals?.forget(id);
      const model = (await open(id)).session.model;
      await release(id);
      // The transcript stays on disk; the live conversation starts afresh (reference `/clear`).
      const opened = await store.open(id);
      await hold(new Session(deps, opened.file, { model }));
      return true;
    },
    compactSession(id) {
      return withSession(id, (session) =>
        abortable(undefined, async (signal) => {
          let failed: string | undefined;
          const r = await session.compact({
            force: true,
            signal,
            onEvent: (e) => void (e.type === "error" && (failed = e.message)),
          });
          if (failed) throw new RangeError(`Cannot compact session "${id}": ${failed}`);
          return { before: r.tokensBefore, after: r.tokensAfter };
        }));
    },
    async setModel(id, model) {
      options.checkModel?.(model);
      await withSession(id, (session) => session.setModel(model));
    },
    decideApproval(id, callId, decision, opts = {}) {
      return Promise.resolve(
        options.approvals?.decide(id, callId, decision, opts.reason) ?? false,
      );
    },
    defaultModel: () => options.defaultModel,
    models: () => Promise.resolve(options.models ?? [options.defaultModel]),
    async close() {
      closed = true;
      for (const a of running) a.abort();
      const sessions = [...live.values()];
      live.clear();
      for (const s of sessions) await s.session.close();
    },
  };
}
