/** The Session's public types: events, settings, dependencies and results. */
import type { Usage, UserMessage as LlmUser } from "../core/mod.ts";
import type { StreamFn } from "../llm/mod.ts";
import type { Tool } from "../tools/mod.ts";
import type { AgentEvent, AgentStop, ApprovalRequest } from "./loop.ts";
import type { SessionStore } from "./session_store.ts";
import type { TranscriptMessage } from "./transcript.ts";

/** Everything a Session reports, in order. A turn ends with `done` (or `error` then `done`). */
export type SessionEvent =
  | AgentEvent
  | { type: "session"; sessionId: string; model: string; resumed: boolean }
  | { type: "compaction"; tokensBefore: number; tokensAfter: number; flushed: boolean }
  | { type: "error"; message: string; kind?: string }
  | { type: "done"; text: string; stopReason: AgentStop; usage: Usage; model: string };

/** Listener of session events; must not throw. */
export type SessionListener = (event: SessionEvent) => void;

/** Settings from `[agent]` and `[tools]`. */
export interface SessionSettings {
  contextWindow: number;
  reserveTokens: number;
  maxTokens: number;
  maxIterations: number;
  maxToolRepeats: number;
  maxToolErrors: number;
  requireApproval: readonly string[];
  toolOutputMaxChars: number;
  delimiters: boolean;
  /** Checkpoints kept before each compaction; 0 = none. */
  checkpoints: number;
  /** AGENTS.md sections re-injected after compaction. */
  postCompactionSections: readonly string[];
  /** Run the silent memory-flush turn before compacting (default true). */
  memoryFlush?: boolean;
}

/** What a Session is built from; all of it injected by the composition root. */
export interface SessionDeps {
  store: SessionStore;
  /** The system prompt for a model: the cacheable part and the per-turn part. */
  systemPrompt(model: string): Promise<{ system: string; dynamic: string }>;
  /** The model stream (with retry and fallbacks) for a model id. */
  streamFor(model: string): Promise<StreamFn>;
  tools: readonly Tool[];
  settings: SessionSettings;
  /** Asked before tools in `requireApproval` run; absent = refused. */
  approve?: (request: ApprovalRequest) => Promise<boolean>;
  /** AGENTS.md text, for the post-compaction refresh. */
  agentsMd?: () => Promise<string>;
  /** Working directory written in new transcripts' headers. */
  cwd: string;
  now?: () => Date;
  timeZone?: string;
}

/** Options of one turn. */
export interface SendOptions {
  signal?: AbortSignal;
  onEvent?: SessionListener;
  /** Asked for this turn's gated tools instead of `deps.approve` (the daemon's per-turn asker). */
  approve?: (request: ApprovalRequest) => Promise<boolean>;
}

/** What one turn produced. */
export interface TurnResult {
  text: string;
  stopReason: AgentStop;
  usage: Usage;
  model: string;
  error?: string;
}

/** The outcome of a compaction. */
export interface CompactionResult {
  tokensBefore: number;
  tokensAfter: number;
  flushed: boolean;
  compacted: boolean;
}

/** A message with the id of its transcript entry. */
export interface Held {
  id: string;
  message: TranscriptMessage;
}

/** The user content a turn may carry. */
export type UserContent = LlmUser["content"];
