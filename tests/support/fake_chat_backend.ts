/** FakeChatBackend: a ChatBackend that streams scripted turns and records every call. */
import type { Message } from "../../src/core/mod.ts";
import {
  type ApprovalDecision,
  type ChatBackend,
  type ChatEvent,
  type ChatMessage,
  type ChatSessionInfo,
  type SendOptions,
  UnknownSessionError,
} from "../../src/channels/http/mod.ts";

/** One scripted turn: the events to emit (the `done` event is added from the text deltas). */
export interface FakeTurn {
  events: ChatEvent[];
  /** Delay before each event, in ms (default 0). */
  delayMs?: number;
}

/** A scripted turn that streams `text` as one delta per word. */
export function fakeTextTurn(text: string, delayMs = 0): FakeTurn {
  const words = text.split(/(?<= )/);
  return { events: words.map((w) => ({ type: "text_delta", text: w })), delayMs };
}

/** A scripted turn that runs one tool and then answers `text`. */
export function fakeToolTurn(name: string, detail: string, output: string, text: string): FakeTurn {
  return {
    events: [
      { type: "tool_start", id: "call_1", name, detail },
      { type: "tool_end", id: "call_1", name, output },
      { type: "text_delta", text },
    ],
  };
}

interface FakeSession {
  info: ChatSessionInfo;
  messages: ChatMessage[];
}

/** The fake; turns come from `script` in order, then an echo of the message. */
export class FakeChatBackend implements ChatBackend {
  readonly sends: { sessionId: string; text: string; model?: string }[] = [];
  readonly completions: { messages: Message[]; system?: string; model?: string }[] = [];
  /** Every `decideApproval()` call that found its request. */
  readonly decisions: { sessionId: string; callId: string; decision: ApprovalDecision }[] = [];
  /** Turns whose signal was aborted. */
  aborted = 0;
  /** Scripted `approval` events waiting for `decideApproval()`, by call id. */
  #waiting = new Map<string, (decision: ApprovalDecision) => void>();
  closed = false;
  #script: FakeTurn[];
  #sessions = new Map<string, FakeSession>();
  #model: string;
  #next = 1;

  constructor(script: FakeTurn[] = [], options: { model?: string } = {}) {
    this.#script = [...script];
    this.#model = options.model ?? "fake/fake-model";
  }

  /** Adds a turn to the script. */
  push(turn: FakeTurn): this {
    this.#script.push(turn);
    return this;
  }

  /** Adds a session as if it had been saved on disk earlier. */
  addSaved(id: string, messages: ChatMessage[] = [], title?: string): void {
    const t = Date.parse("2026-01-01T00:00:00Z");
    this.#sessions.set(id, {
      info: {
        id,
        title,
        createdAt: t,
        updatedAt: t,
        messageCount: messages.length,
        tokenCount: 0,
        live: false,
      },
      messages,
    });
  }

  openSession(id?: string, options: { model?: string } = {}): Promise<ChatSessionInfo> {
    if (id !== undefined) {
      const s = this.#sessions.get(id);
      if (!s) return Promise.reject(new UnknownSessionError(id));
      s.info.live = true;
      return Promise.resolve({ ...s.info });
    }
    const now = Date.now();
    const info: ChatSessionInfo = {
      id: `fake-session-${this.#next++}`,
      model: options.model ?? this.#model,
      createdAt: now,
      updatedAt: now,
      messageCount: 0,
      tokenCount: 0,
      live: true,
    };
    this.#sessions.set(info.id, { info, messages: [] });
    return Promise.resolve({ ...info });
  }

  async send(sessionId: string, text: string, options: SendOptions = {}) {
    const s = this.#sessions.get(sessionId);
    if (!s) throw new UnknownSessionError(sessionId);
    this.sends.push({ sessionId, text, model: options.model });
    s.messages.push({ role: "user", content: text });
    s.info.title ??= text.slice(0, 60);
    const reply = await this.#play(options);
    s.messages.push({ role: "assistant", content: reply });
    s.info.messageCount = s.messages.length;
    s.info.updatedAt = Date.now();
    return { sessionId, model: s.info.model ?? this.#model, text: reply };
  }

  async complete(messages: Message[], options: SendOptions & { system?: string } = {}) {
    this.completions.push({ messages, system: options.system, model: options.model });
    const text = await this.#play(options);
    return { model: options.model ?? this.#model, text };
  }

  async #play(options: SendOptions): Promise<string> {
    const turn = this.#script.shift() ?? { events: [{ type: "text_delta", text: "echo" }] };
    let text = "";
    for (const event of turn.events) {
      if (options.signal?.aborted) break;
      if (turn.delayMs) await abortableDelay(turn.delayMs, options.signal);
      if (options.signal?.aborted) break;
      if (event.type === "text_delta") text += event.text;
      options.onEvent?.(event);
      if (event.type === "approval") {
        // Waits like the real backend; the answer is reported as `approval_resolved`.
        const decision = await new Promise<ApprovalDecision | undefined>((resolve) => {
          this.#waiting.set(event.id, resolve);
          options.signal?.addEventListener("abort", () => resolve(undefined), { once: true });
        });
        this.#waiting.delete(event.id);
        if (decision) {
          options.onEvent?.({
            type: "approval_resolved",
            id: event.id,
            name: event.name,
            outcome: decision,
          });
        }
      }
    }
    if (options.signal?.aborted) this.aborted++;
    else options.onEvent?.({ type: "done", text });
    return text;
  }

  listSessions(): Promise<ChatSessionInfo[]> {
    const all = [...this.#sessions.values()].map((s) => ({ ...s.info }));
    return Promise.resolve(all.sort((a, b) => b.updatedAt - a.updatedAt));
  }
  getSession(id: string): Promise<ChatSessionInfo | undefined> {
    const s = this.#sessions.get(id);
    return Promise.resolve(s ? { ...s.info } : undefined);
  }
  messages(id: string): Promise<ChatMessage[] | undefined> {
    return Promise.resolve(this.#sessions.get(id)?.messages.slice());
  }
  deleteSession(id: string): Promise<boolean> {
    return Promise.resolve(this.#sessions.delete(id));
  }
  clearSession(id: string): Promise<boolean> {
    const s = this.#sessions.get(id);
    if (s) (s.messages = [], s.info.messageCount = 0);
    return Promise.resolve(!!s);
  }
  compactSession(_id: string): Promise<{ before: number; after: number }> {
    return Promise.resolve({ before: 1000, after: 100 });
  }
  setModel(id: string, model: string): Promise<void> {
    const s = this.#sessions.get(id);
    if (s) s.info.model = model;
    return Promise.resolve();
  }
  decideApproval(sessionId: string, callId: string, decision: ApprovalDecision) {
    const resolve = this.#waiting.get(callId);
    if (resolve) (this.decisions.push({ sessionId, callId, decision }), resolve(decision));
    return Promise.resolve(resolve !== undefined);
  }
  defaultModel(): string {
    return this.#model;
  }
  models(): Promise<string[]> {
    return Promise.resolve([this.#model, "fake/other-model"]);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
