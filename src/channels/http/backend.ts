/**
 * The ChatBackend port: what the HTTP channel needs from the conversation machinery. `app/`
 * supplies the implementation (the agent's Session in the daemon, a fake in tests).
 */
import type { Citation, Message, NativeSearch, Usage } from "../../core/mod.ts";

/** One event of a chat turn, in the order the turn produces them. */
export type ChatEvent =
  | { type: "session"; sessionId: string }
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  | { type: "tool_start"; id: string; name: string; detail: string }
  | {
    type: "tool_end";
    id: string;
    name: string;
    output: string;
    isError?: boolean;
    warnings?: string[];
  }
  | { type: "usage"; usage: Usage }
  | { type: "citations"; citations: Citation[] }
  | { type: "warning"; message: string }
  | { type: "compaction"; tokensBefore: number; tokensAfter: number }
  | {
    type: "approval";
    /** The tool call's id: what `POST /api/sessions/{id}/approve` names as `call_id`. */
    id: string;
    name: string;
    args: Record<string, unknown>;
    detail: string;
    /** How long the turn waits before the call is denied. */
    timeoutMs: number;
  }
  | { type: "approval_resolved"; id: string; name: string; outcome: ApprovalOutcome }
  | { type: "error"; message: string }
  | { type: "done"; text: string };

/** What the user can answer to an approval request ("always": this tool, for this session). */
export const APPROVAL_DECISIONS = ["allow", "deny", "always"] as const;

/** A decision sent to `POST /api/sessions/{id}/approve`. */
export type ApprovalDecision = typeof APPROVAL_DECISIONS[number];

/** How an approval request ended: a decision, the timeout, or the turn's end (aborted). */
export type ApprovalOutcome = ApprovalDecision | "timeout" | "aborted";

/** A session as the API lists it. */
export interface ChatSessionInfo {
  id: string;
  title?: string;
  model?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  tokenCount: number;
  costUsd?: number;
  /** True while the session is held open by this process. */
  live: boolean;
}

/** A message as the API shows it (`/api/sessions/{id}/messages`). */
export interface ChatMessage {
  role: "user" | "assistant" | "tool";
  content: string;
  tool_calls?: { id: string; name: string; arguments: string }[];
  tool_call_id?: string;
  /** Searches the provider ran server-side during this reply. */
  web_searches?: NativeSearch[];
  /** Sources the reply cites. */
  citations?: Citation[];
}

/** What a finished turn returns. */
export interface ChatResult {
  sessionId: string;
  model: string;
  text: string;
}

/** Options of one turn. */
export interface SendOptions {
  signal?: AbortSignal;
  /** Model for this session from now on. */
  model?: string;
  /** Called with every event; must not throw. */
  onEvent?: (event: ChatEvent) => void;
}

/**
 * The conversation machinery behind the API. Contract: `send()` never rejects for model
 * failures (they arrive as an `error` event and a rejected promise is reserved for an unknown
 * session, which rejects with `UnknownSessionError`); an aborted turn ends early and its transcript
 * keeps what was said; every method is safe to call concurrently (turns of one session queue).
 */
export interface ChatBackend {
  /** Opens the session `id` (resuming it from disk) or a new one when `id` is undefined. */
  openSession(id?: string, options?: { model?: string }): Promise<ChatSessionInfo>;
  /** Runs one turn; opens the session first when it is not live. */
  send(sessionId: string, text: string, options?: SendOptions): Promise<ChatResult>;
  /** Answers a whole conversation statelessly (the `/v1` endpoints): no transcript is written. */
  complete(
    messages: Message[],
    options?: SendOptions & { system?: string },
  ): Promise<{ model: string; text: string }>;
  /** Every session, live and on disk, most recently updated first. */
  listSessions(): Promise<ChatSessionInfo[]>;
  getSession(id: string): Promise<ChatSessionInfo | undefined>;
  /** The messages of a session, or undefined when it does not exist. */
  messages(id: string): Promise<ChatMessage[] | undefined>;
  /** Deletes the session (live and on disk); false when unknown. */
  deleteSession(id: string): Promise<boolean>;
  /** Starts the session's history afresh; false when unknown. */
  clearSession(id: string): Promise<boolean>;
  /** Summarises the history; token counts before and after. */
  compactSession(id: string): Promise<{ before: number; after: number }>;
  /** Switches the session's model. */
  setModel(id: string, model: string): Promise<void>;
  /**
   * Answers a pending approval request of the session's running turn; false when no request
   * with that call id is waiting (already answered, timed out, or never asked).
   */
  decideApproval(
    id: string,
    callId: string,
    decision: ApprovalDecision,
    options?: { reason?: string },
  ): Promise<boolean>;
  /** The default model id. */
  defaultModel(): string;
  /** Model ids offered on `/v1/models`. */
  models(): Promise<string[]>;
  /** Aborts every running turn and waits until their transcripts are saved. */
  close(): Promise<void>;
}

/** Thrown by the backend for a session id it does not know. */
export class UnknownSessionError extends Error {
  constructor(id: string) {
    super(`Cannot find session "${id}": no such session`);
    this.name = "UnknownSessionError";
  }
}
