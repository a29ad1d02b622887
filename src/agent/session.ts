/**
 * A Session: one conversation's history, its transcript on disk, and a queue of turns. Every
 * channel (CLI, HTTP, Telegram, heartbeat) drives the same Session through `send()`, `compact()`
 * and the events it reports.
 */
import { join } from "node:path";
import { type Context, errorMessage, type UserMessage as LlmUser } from "../core/mod.ts";
import { addUsage, emptyTotals, estimateContextTokens, type UsageTotals } from "../llm/mod.ts";
import { localDateTime } from "../tools/mod.ts";
import { runAgent } from "./loop.ts";
import {
  assistantToTranscript,
  toLlmMessages,
  toolResultsToTranscript,
  userToTranscript,
} from "./message_map.ts";
import {
  compactionCut,
  contextLimits,
  KEEP_RECENT_MESSAGES,
  MEMORY_FLUSH_SYSTEM,
  memoryFlushPrompt,
  summarizeMessages,
} from "./compaction.ts";
import { postCompactionRefresh } from "./session_markdown.ts";
import type { TranscriptFile } from "./transcript_file.ts";
import type { TranscriptMessage } from "./transcript.ts";
import type {
  CompactionResult,
  Held,
  SendOptions,
  SessionDeps,
  SessionEvent,
  SessionListener,
  TurnResult,
} from "./session_types.ts";

/** One conversation. Turns are queued: a `send()` while another runs waits for it. */
export class Session {
  readonly deps: SessionDeps;
  /** True when the session was opened from an existing transcript. */
  readonly resumed: boolean;
  readonly #id: string;
  #file?: TranscriptFile;
  #create?: () => Promise<TranscriptFile>;
  #model: string;
  #history: Held[];
  #summary?: string;
  #compactions: number;
  #flushedCycle: number;
  #usage: UsageTotals = emptyTotals();
  #queue: Promise<unknown> = Promise.resolve();
  #listeners = new Set<SessionListener>();
  #current?: AbortController;

  /**
   * `file` is the open transcript, or (for a new session) its id and a function that creates it
   * on the first append, so a chat that never says anything leaves no empty session behind.
   */
  constructor(
    deps: SessionDeps,
    file: TranscriptFile | { id: string; create: () => Promise<TranscriptFile> },
    state: {
      model: string;
      history?: Held[];
      summary?: string;
      compactions?: number;
      flushedCycle?: number;
    },
  ) {
    this.deps = deps;
    this.#id = file.id;
    if ("create" in file) this.#create = file.create;
    else this.#file = file;
    this.#model = state.model;
    this.#history = state.history ?? [];
    this.#summary = state.summary;
    this.#compactions = state.compactions ?? 0;
    this.#flushedCycle = state.flushedCycle ?? -1;
    this.resumed = state.history !== undefined;
  }

  /** The session id (transcript file name). */
  get id(): string {
    return this.#id;
  }
  /** The transcript's path. */
  get path(): string {
    return this.#file?.path ?? join(this.deps.store.dir, `${this.#id}.jsonl`);
  }
  /** The model id in use. */
  get model(): string {
    return this.#model;
  }
  /** The messages the model sees (after the latest compaction). */
  get messages(): TranscriptMessage[] {
    return this.#history.map((h) => h.message);
  }
  /** The summary of the compacted part, if any. */
  get summary(): string | undefined {
    return this.#summary;
  }
  /** Compactions so far. */
  get compactions(): number {
    return this.#compactions;
  }
  /** Usage of this process's model calls. */
  get usage(): UsageTotals {
    return this.#usage;
  }

  /** Adds a listener for every event of every turn; returns the function that removes it. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Aborts the running turn (if any); what was said so far is kept. */
  abort(): void {
    this.#current?.abort();
  }

  /** Sends a user message and runs the turn; resolves when it ended (never throws for model errors). */
  send(input: string | LlmUser["content"], options: SendOptions = {}): Promise<TurnResult> {
    return this.#enqueue(() => this.#turn(input, options));
  }

  /** Flushes memory (once per cycle) and compacts now; `force` compacts below the limit too. */
  compact(options: SendOptions & { force?: boolean } = {}): Promise<CompactionResult> {
    return this.#enqueue(() => this.#maybeCompact(options, options.force ?? true));
  }

  /** Switches the model for the next turns (recorded as a `model_change` entry). */
  setModel(model: string): Promise<void> {
    return this.#enqueue(async () => {
      this.#model = model;
      const slash = model.indexOf("/");
      await (await this.#transcript()).append({
        type: "model_change",
        provider: slash > 0 ? model.slice(0, slash) : model,
        modelId: slash > 0 ? model.slice(slash + 1) : model,
      });
    });
  }

  /** Estimated tokens of the next request (system prompt, tools, history). */
  async contextTokens(extra: LlmUser[] = []): Promise<number> {
    const context = await this.#context(extra);
    return estimateContextTokens(context);
  }

  /** Waits for queued turns and closes the transcript. */
  async close(): Promise<void> {
    await this.#queue.catch(() => {});
    await this.#file?.close();
  }

  async #transcript(): Promise<TranscriptFile> {
    if (!this.#file) {
      const create = this.#create!;
      this.#create = undefined;
      this.#file = await create();
    }
    return this.#file;
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job);
    this.#queue = run.catch(() => {});
    return run;
  }

  #emit(event: SessionEvent, local?: SessionListener): void {
    local?.(event);
    for (const listener of this.#listeners) listener(event);
  }

  async #context(extra: LlmUser[] = [], dynamicExtra = ""): Promise<Context> {
    const prompt = await this.deps.systemPrompt(this.#model);
    const summary = this.#summary ? `## Previous conversation summary\n${this.#summary}` : "";
    return {
      system: prompt.system,
      systemDynamic: [prompt.dynamic, summary, dynamicExtra].filter(Boolean).join("\n\n"),
      messages: [...toLlmMessages(this.messages), ...extra],
      tools: this.deps.tools.map((t) => ({
        name: t.name,
        description: t.description,
        parameters: t.parameters as Record<string, unknown>,
      })),
    };
  }

  async #append(message: TranscriptMessage): Promise<void> {
    const entry = await (await this.#transcript()).appendMessage(message);
    this.#history.push({ id: entry.id, message });
  }

  async #turn(input: string | LlmUser["content"], options: SendOptions): Promise<TurnResult> {
    const user: LlmUser = { role: "user", content: input };
    await this.#maybeCompact(options, false, [user]);
    return this.#runTurn(user, options);
  }

  async #runTurn(
    user: LlmUser,
    options: SendOptions,
    dynamicExtra = "",
    quiet = false,
  ): Promise<TurnResult> {
    const emit = (e: SessionEvent) => {
      if (!quiet || e.type === "warning") this.#emit(e, options.onEvent);
    };
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener("abort", abort);
    if (options.signal?.aborted) controller.abort();
    this.#current = controller;
    emit({ type: "session", sessionId: this.id, model: this.#model, resumed: this.resumed });
    try {
      const at = this.#now().getTime();
      // A quiet (maintenance) turn's prompt is sent to the model but hidden from every view.
      await this.#append(quiet ? hiddenPrompt(user, at) : userToTranscript(user, at));
      const context = await this.#context([], dynamicExtra);
      const s = this.deps.settings;
      const model = this.#model;
      const result = await runAgent({
        context,
        tools: this.deps.tools,
        stream: await this.deps.streamFor(model),
        signal: controller.signal,
        emit,
        limits: {
          maxIterations: s.maxIterations,
          maxToolRepeats: s.maxToolRepeats,
          maxToolErrors: s.maxToolErrors,
        },
        requireApproval: s.requireApproval,
        toolContext: { maxOutputChars: s.toolOutputMaxChars, delimiters: s.delimiters },
        streamOptions: {
          maxTokens: s.maxTokens,
          contextWindow: s.contextWindow,
          cwd: this.deps.cwd,
        },
        hooks: {
          approve: options.approve ?? this.deps.approve,
          onMessage: async (message, meta) => {
            const at = this.#now().getTime();
            if (message.role === "assistant") {
              await this.#append(
                assistantToTranscript(message, { model, ...meta!, timestamp: at }),
              );
              if (message.usage) this.#usage = addUsage(this.#usage, message.usage);
            } else if (message.role === "tool") {
              for (const r of toolResultsToTranscript(message, at)) await this.#append(r);
            }
          },
        },
      });
      if (result.error) {
        emit({ type: "error", message: result.error.message, kind: result.error.kind });
      }
      emit({
        type: "done",
        text: result.text,
        stopReason: result.stopReason,
        usage: result.usage,
        model,
      });
      return {
        text: result.text,
        stopReason: result.stopReason,
        usage: result.usage,
        model,
        ...(result.error ? { error: result.error.message } : {}),
      };
    } finally {
      options.signal?.removeEventListener("abort", abort);
      this.#current = undefined;
    }
  }

  async #maybeCompact(
    options: SendOptions,
    force: boolean,
    pending: LlmUser[] = [],
  ): Promise<CompactionResult> {
    const s = this.deps.settings;
    const { hard, soft } = contextLimits(s.contextWindow, s.reserveTokens);
    const tokensBefore = await this.contextTokens(pending);
    const none = { tokensBefore, tokensAfter: tokensBefore, flushed: false, compacted: false };
    if (!force && tokensBefore < soft) return none;
    // Even with a flush turn's prompt and reply, a compaction would keep every message: skip both
    // (no model call for `/compact` on a one-exchange session).
    if (this.messages.length + 2 <= KEEP_RECENT_MESSAGES) return none;
    let flushed = false;
    if (
      s.memoryFlush !== false && this.#flushedCycle !== this.#compactions && this.#history.length
    ) {
      flushed = await this.#flush(options);
    }
    const tokensNow = await this.contextTokens(pending);
    if (!force && tokensNow < hard) return { ...none, tokensAfter: tokensNow, flushed };
    const cut = compactionCut(this.messages);
    if (cut === 0) return { tokensBefore, tokensAfter: tokensNow, flushed, compacted: false };
    try {
      const older = this.#history.slice(0, cut);
      if (s.checkpoints > 0) await this.deps.store.checkpoint(this.id, s.checkpoints);
      const summary = await summarizeMessages(
        await this.deps.streamFor(this.#model),
        older.map((h) => h.message),
        { previousSummary: this.#summary, signal: options.signal, maxTokens: s.maxTokens },
      );
      await (await this.#transcript()).append({
        type: "compaction",
        summary,
        firstKeptEntryId: this.#history[cut].id,
        tokensBefore,
      });
      this.#history = this.#history.slice(cut);
      this.#summary = summary;
      this.#compactions++;
      await this.#refreshAfterCompaction();
    } catch (error) {
      this.#emit(
        { type: "error", message: `Cannot compact: ${errorMessage(error)}` },
        options.onEvent,
      );
      return { tokensBefore, tokensAfter: tokensNow, flushed, compacted: false };
    }
    const tokensAfter = await this.contextTokens(pending);
    this.#emit({ type: "compaction", tokensBefore, tokensAfter, flushed }, options.onEvent);
    return { tokensBefore, tokensAfter, flushed, compacted: true };
  }

  async #flush(options: SendOptions): Promise<boolean> {
    const now = this.#now();
    const zone = this.deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const { date, time } = localDateTime(now, zone);
    const result = await this.#runTurn(
      { role: "user", content: memoryFlushPrompt(date, time, zone) },
      { signal: options.signal },
      MEMORY_FLUSH_SYSTEM,
      true,
    );
    this.#flushedCycle = this.#compactions;
    await (await this.#transcript()).append({
      type: "custom",
      customType: "memory_flush",
      data: { compactionCount: this.#compactions, at: now.toISOString() },
    });
    return result.stopReason !== "error";
  }

  async #refreshAfterCompaction(): Promise<void> {
    const sections = this.deps.settings.postCompactionSections;
    if (!this.deps.agentsMd || sections.length === 0) return;
    const text = postCompactionRefresh(await this.deps.agentsMd().catch(() => ""), sections);
    if (!text) return;
    const entry = await (await this.#transcript()).append({
      type: "custom_message",
      customType: "post_compaction_refresh",
      content: text,
      display: false,
    });
    this.#history.push({
      id: entry.id,
      message: {
        role: "custom",
        customType: "post_compaction_refresh",
        content: text,
        display: false,
        timestamp: this.#now().getTime(),
      },
    });
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** The prompt of a maintenance turn (the memory flush) as a custom message not displayed. */
function hiddenPrompt(user: LlmUser, timestamp: number): TranscriptMessage {
  const { content } = userToTranscript(user, timestamp);
  return { role: "custom", customType: "memory_flush_prompt", content, display: false, timestamp };
}
