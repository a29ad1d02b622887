/**
 * Session transcript entries in the pi-coding-agent / OpenClaw JSONL format, version 3: a header
 * line, then one entry per line forming a tree through `id`/`parentId`. Readers accept v1
 * (no ids; compaction by index) and v2 (`hookMessage` role). These are the on-disk types; the
 * LLM layer's in-memory messages are mapped to and from them in one place by the agent loop.
 */

/** The version this program writes. */
export const TRANSCRIPT_VERSION = 3;

/** Line 1 of a transcript. */
export interface SessionHeader {
  type: "session";
  version: number;
  id: string;
  /** ISO time the session started. */
  timestamp: string;
  cwd: string;
  parentSession?: string;
  /**
   * What started the session: absent for a conversation (`chat`), `heartbeat` or `cron` for
   * background runs (heartbeat runs are left out of memory search unless
   * `memory.index_heartbeat_sessions`).
   */
  kind?: SessionKind;
}

/** Every session kind: a person (`chat`), the heartbeat, or a cron job. */
export const SESSION_KINDS = ["chat", "heartbeat", "cron"] as const;

/** What started a session. */
export type SessionKind = typeof SESSION_KINDS[number];

/** Plain text. */
export interface TextContent {
  type: "text";
  text: string;
  textSignature?: string;
}

/** A base64 image. */
export interface ImageContent {
  type: "image";
  data: string;
  mimeType: string;
}

/** Model reasoning shown to the user but not as the answer. */
export interface ThinkingContent {
  type: "thinking";
  thinking: string;
  thinkingSignature?: string;
  /** Encrypted reasoning: `thinkingSignature` holds its data. */
  redacted?: boolean;
}

/** A tool call made by the assistant. */
export interface ToolCallContent {
  type: "toolCall";
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  thoughtSignature?: string;
}

/** Token counts and cost (USD) of one assistant reply. */
export interface TranscriptUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  totalTokens: number;
  cost: { input: number; output: number; cacheRead: number; cacheWrite: number; total: number };
  /** Set when the model's price was unknown: `cost` is then zeros, not a real $0 (LocalGPT's). */
  costUnknown?: true;
}

/** Why the assistant stopped. */
export type StopReason = "stop" | "length" | "toolUse" | "error" | "aborted";

/** A user turn. */
export interface UserMessage {
  role: "user";
  content: string | (TextContent | ImageContent)[];
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** An assistant reply with its provenance and usage. */
export interface AssistantMessage {
  role: "assistant";
  content: (TextContent | ThinkingContent | ToolCallContent)[];
  api: string;
  provider: string;
  model: string;
  usage: TranscriptUsage;
  stopReason: StopReason;
  errorMessage?: string;
  timestamp: number;
  /** LocalGPT extension: searches the provider ran server-side (native web search). */
  webSearches?: TranscriptNativeSearch[];
  /** LocalGPT extension: sources the text cites. */
  citations?: { url: string; title: string; citedText?: string }[];
}

/** A native web search as saved (same shape as the LLM layer's). */
export interface TranscriptNativeSearch {
  id: string;
  query: string;
  results: { title: string; url: string; pageAge?: string }[];
  error?: string;
}

/** The result of one tool call. */
export interface ToolResultMessage {
  role: "toolResult";
  toolCallId: string;
  toolName: string;
  content: (TextContent | ImageContent)[];
  details?: unknown;
  isError: boolean;
  timestamp: number;
}

/** An application message sent to the model (v2 called the role `hookMessage`). */
export interface CustomRoleMessage {
  role: "custom";
  customType: string;
  content: string | (TextContent | ImageContent)[];
  display: boolean;
  details?: unknown;
  timestamp: number;
}

/** Any message stored in a `message` entry. */
export type TranscriptMessage =
  | UserMessage
  | AssistantMessage
  | ToolResultMessage
  | CustomRoleMessage;

/** Fields shared by every entry after the header. */
export interface EntryBase {
  /** 8 hex characters, unique in the file. */
  id: string;
  /** The entry this one follows; `null` for the first. */
  parentId: string | null;
  /** ISO time. */
  timestamp: string;
}

/** A message. */
export interface MessageEntry extends EntryBase {
  type: "message";
  message: TranscriptMessage;
}

/** A compaction: the context becomes the summary plus the entries from `firstKeptEntryId`. */
export interface CompactionEntry extends EntryBase {
  type: "compaction";
  summary: string;
  firstKeptEntryId: string;
  tokensBefore: number;
  details?: unknown;
  fromHook?: boolean;
}

/** The model was switched. */
export interface ModelChangeEntry extends EntryBase {
  type: "model_change";
  provider: string;
  modelId: string;
}

/** The thinking level was switched. */
export interface ThinkingLevelChangeEntry extends EntryBase {
  type: "thinking_level_change";
  thinkingLevel: string;
}

/** Application data, never sent to the model. */
export interface CustomEntry extends EntryBase {
  type: "custom";
  customType: string;
  data?: unknown;
}

/** An application message that is sent to the model. */
export interface CustomMessageEntry extends EntryBase {
  type: "custom_message";
  customType: string;
  content: string | (TextContent | ImageContent)[];
  display: boolean;
  details?: unknown;
}

/** Summary of a branch that was left. */
export interface BranchSummaryEntry extends EntryBase {
  type: "branch_summary";
  fromId?: string;
  summary: string;
  details?: unknown;
}

/** A user label on an entry. */
export interface LabelEntry extends EntryBase {
  type: "label";
  targetId?: string;
  label?: string;
}

/** The session's display name. */
export interface SessionInfoEntry extends EntryBase {
  type: "session_info";
  name: string;
}

/** Any entry after the header. */
export type TranscriptEntry =
  | MessageEntry
  | CompactionEntry
  | ModelChangeEntry
  | ThinkingLevelChangeEntry
  | CustomEntry
  | CustomMessageEntry
  | BranchSummaryEntry
  | LabelEntry
  | SessionInfoEntry;

/** An entry before `id`, `parentId` and `timestamp` are assigned. */
export type NewEntry = TranscriptEntry extends infer E
  ? E extends TranscriptEntry ? Omit<E, "id" | "parentId" | "timestamp"> : never
  : never;

/** Entry `type`s this program understands. */
export const ENTRY_TYPES: ReadonlySet<string> = new Set([
  "message",
  "compaction",
  "model_change",
  "thinking_level_change",
  "custom",
  "custom_message",
  "branch_summary",
  "label",
  "session_info",
]);

/** Session ids: 1–128 of `[A-Za-z0-9_-]`. */
export function isValidSessionId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}

/** The plain text of a message's content (text parts joined; other parts left out). */
export function messageText(content: TranscriptMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).filter(Boolean).join(
    "\n",
  );
}
