/** Conversation messages and model stream events shared by llm/, agent/ and the channels. */
import type { ProviderError } from "./errors.ts";

/** Plain text inside a message. */
export interface TextPart {
  type: "text";
  text: string;
}

/** An image given to the model, as base64 data. */
export interface ImagePart {
  type: "image";
  /** e.g. `image/png`. */
  mediaType: string;
  /** Base64 without the `data:` prefix. */
  data: string;
}

/** The model's visible reasoning; `signature` is echoed back to providers that require it. */
export interface ThinkingPart {
  type: "thinking";
  text: string;
  signature?: string;
  /** Encrypted reasoning (Anthropic `redacted_thinking`): `signature` holds its data. */
  redacted?: boolean;
}

/** A tool the model asked to run; `arguments` is a JSON string (an object). */
export interface ToolCallPart {
  type: "tool_call";
  id: string;
  name: string;
  arguments: string;
  /** Opaque vendor data that must be sent back with the call (Gemini thought signatures). */
  signature?: string;
}

/** The result of one tool call, answering the call with the same id. */
export interface ToolResultPart {
  type: "tool_result";
  toolCallId: string;
  /** Name of the tool that ran (some vendors need it). */
  name: string;
  content: string;
  isError?: boolean;
}

/** What the user said (text and images). */
export interface UserMessage {
  role: "user";
  content: string | (TextPart | ImagePart)[];
}

/** A search the provider ran on its own servers (Anthropic's web search tool). */
export interface NativeSearch {
  /** The vendor's id of the search call. */
  id: string;
  query: string;
  results: { title: string; url: string; pageAge?: string }[];
  /** The vendor's error code when the search failed (e.g. `max_uses_exceeded`). */
  error?: string;
}

/** A source the reply's text cites (from a native search). */
export interface Citation {
  url: string;
  title: string;
  /** The passage cited, when the vendor gives it. */
  citedText?: string;
}

/** What the model said: text, reasoning and tool calls, in order. */
export interface AssistantMessage {
  role: "assistant";
  content: (TextPart | ThinkingPart | ToolCallPart)[];
  /** `provider/model` that produced it, when known. */
  model?: string;
  usage?: Usage;
  /** Searches the provider ran server-side during this reply (display and transcript only). */
  webSearches?: NativeSearch[];
  /** Sources cited by the text, deduplicated by URL (display and transcript only). */
  citations?: Citation[];
}

/** Results of the tool calls of the preceding assistant message. */
export interface ToolMessage {
  role: "tool";
  content: ToolResultPart[];
}

/** One message of a conversation. */
export type Message = UserMessage | AssistantMessage | ToolMessage;

/** A tool as the model sees it: name, description and JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Everything a model call needs besides the model id. */
export interface Context {
  /** The stable system prompt; providers that support it cache this prefix. */
  system?: string;
  /** Per-turn system text appended after `system` and never cached (time, memory hits). */
  systemDynamic?: string;
  messages: Message[];
  tools?: ToolSpec[];
}

/** Token counts of one call; `cost` in USD when the model's price is known. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  total: number;
  cost?: number;
}

/** Why the model stopped. */
export type StopReason = "stop" | "tool_use" | "length";

/** One event of a model stream. A stream ends with exactly one `done` or `error`. */
export type StreamEvent =
  | { type: "start"; provider: string; model: string }
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  | { type: "tool_call"; call: ToolCallPart }
  /** The provider ran a search itself; nothing for the caller to execute. */
  | { type: "web_search"; search: NativeSearch }
  | { type: "usage"; usage: Usage }
  | {
    type: "done";
    stopReason: StopReason;
    message: AssistantMessage;
    /** Session id of a CLI provider, to resume the same conversation next turn. */
    sessionId?: string;
  }
  | { type: "error"; error: ProviderError };

/** The text of a user message or content list, images dropped. */
export function messageText(content: UserMessage["content"] | AssistantMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? p.text : "")).join("");
}
