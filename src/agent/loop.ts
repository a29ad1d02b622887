/** `runAgent()`: the tool loop, pure over an injected stream and tools. */
import {
  type AssistantMessage,
  type Citation,
  type Context,
  errorMessage,
  type Message,
  ProviderError,
  type ToolCallPart,
  type ToolMessage,
  type ToolResultPart,
  type Usage,
} from "../core/mod.ts";
import type { StreamFn, StreamOptions } from "../llm/mod.ts";
import type { Tool, ToolContext } from "../tools/mod.ts";
import type { AssistantMeta } from "./message_map.ts";
import { parseArguments } from "./message_map.ts";
import { LoopGuard } from "./loop_guard.ts";
import { nativeSearchEvents } from "./native_search.ts";

/** What the loop reports while it runs (the Session adds `session`, `done`, `error`). */
export type AgentEvent =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  | {
    type: "tool_start";
    id: string;
    name: string;
    args: Record<string, unknown>;
    detail: string;
    /** The provider ran it server-side (native web search): nothing runs here. */
    native?: boolean;
  }
  | {
    type: "tool_end";
    id: string;
    name: string;
    output: string;
    isError: boolean;
    warnings: string[];
    durationMs: number;
    native?: boolean;
  }
  /** Sources the finished reply cites (native web search). */
  | { type: "citations"; citations: Citation[] }
  | { type: "usage"; usage: Usage }
  | { type: "warning"; message: string };

/** Why a turn ended. */
export type AgentStop =
  | "stop"
  | "length"
  | "max_iterations"
  | "loop_detected"
  | "aborted"
  | "error";

/** Loop limits (config `agent.max_iterations`, `max_tool_repeats`, `max_tool_errors`). */
export interface AgentLimits {
  maxIterations: number;
  maxToolRepeats: number;
  maxToolErrors: number;
}

/** A tool call waiting for the user's yes or no. */
export interface ApprovalRequest {
  id: string;
  name: string;
  args: Record<string, unknown>;
  detail: string;
}

/** Hooks into the loop. */
export interface AgentHooks {
  /** Called as soon as each new message exists (before the loop goes on): persistence. */
  onMessage?(message: Message, meta?: AssistantMeta): void | Promise<void>;
  /** Asked before a tool in `requireApproval` runs; false refuses the call. */
  approve?(request: ApprovalRequest): Promise<boolean>;
}

/** Input of `runAgent()`. */
export interface RunAgentOptions {
  /** System prompt, history (ending with the new user message) and tool specs. */
  context: Context;
  tools: readonly Tool[];
  stream: StreamFn;
  signal?: AbortSignal;
  emit?: (event: AgentEvent) => void;
  hooks?: AgentHooks;
  limits?: Partial<AgentLimits>;
  /** Tool names that need approval (config `tools.require_approval`). */
  requireApproval?: readonly string[];
  toolContext?: Omit<ToolContext, "signal">;
  streamOptions?: Omit<StreamOptions, "signal">;
}

/** What a turn produced. */
export interface AgentResult {
  /** The new messages, in order (assistant replies and tool results). */
  messages: Message[];
  stopReason: AgentStop;
  /** The text of the last assistant reply. */
  text: string;
  /** Usage summed over the turn's model calls. */
  usage: Usage;
  iterations: number;
  error?: ProviderError;
}

/** Default limits (the reference's). */
export const DEFAULT_LIMITS: AgentLimits = {
  maxIterations: 25,
  maxToolRepeats: 3,
  maxToolErrors: 3,
};

/** Runs model calls and tool calls until a reply without tool calls, a limit, an error or abort. */
export async function runAgent(options: RunAgentOptions): Promise<AgentResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const emit = options.emit ?? (() => {});
  const guard = new LoopGuard(limits);
  const messages: Message[] = [];
  const usage: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };
  const add = async (message: Message, meta?: AssistantMeta) => {
    messages.push(message);
    await options.hooks?.onMessage?.(message, meta);
  };
  const result = (stopReason: AgentStop, iterations: number, error?: ProviderError) => ({
    messages,
    stopReason,
    text: lastText(messages),
    usage,
    iterations,
    ...(error ? { error } : {}),
  });
  for (let i = 1; i <= limits.maxIterations; i++) {
    const context = { ...options.context, messages: [...options.context.messages, ...messages] };
    const reply = await callModel(context, options, emit);
    if (reply.usage) addUsage(usage, reply.usage);
    if (reply.message.content.length || reply.stop !== "aborted") {
      await add(reply.message, { stopReason: reply.stop, errorMessage: reply.error?.message });
    }
    if (reply.stop === "aborted") return result("aborted", i);
    if (reply.stop === "error") return result("error", i, reply.error);
    const calls = reply.message.content.filter((p): p is ToolCallPart => p.type === "tool_call");
    if (calls.length === 0) return result(reply.stop === "length" ? "length" : "stop", i);
    const outcome = await runCalls(calls, options, guard, emit);
    await add(outcome.message);
    if (options.signal?.aborted) return result("aborted", i);
    if (outcome.stop) {
      emit({ type: "warning", message: outcome.stop });
      return result("loop_detected", i);
    }
  }
  emit({
    type: "warning",
    message: `Stopped after ${limits.maxIterations} tool rounds (agent.max_iterations)`,
  });
  return result("max_iterations", limits.maxIterations);
}

interface Reply {
  message: AssistantMessage;
  stop: "stop" | "tool_use" | "length" | "aborted" | "error";
  usage?: Usage;
  error?: ProviderError;
}

async function callModel(
  context: Context,
  options: RunAgentOptions,
  emit: (e: AgentEvent) => void,
): Promise<Reply> {
  let text = "";
  let thinking = "";
  const calls: ToolCallPart[] = [];
  let usage: Usage | undefined;
  const partial = (): AssistantMessage => ({
    role: "assistant",
    content: [
      ...(thinking ? [{ type: "thinking" as const, text: thinking }] : []),
      ...(text ? [{ type: "text" as const, text }] : []),
    ],
    ...(usage ? { usage } : {}),
  });
  try {
    const stream = options.stream(context, { ...options.streamOptions, signal: options.signal });
    for await (const event of stream) {
      if (options.signal?.aborted) break;
      switch (event.type) {
        case "text_delta":
          text += event.text;
          emit(event);
          break;
        case "thinking_delta":
          thinking += event.text;
          emit(event);
          break;
        case "tool_call":
          calls.push(event.call);
          break;
        case "web_search":
          for (const e of nativeSearchEvents(event.search)) emit(e);
          break;
        case "usage":
          usage = event.usage;
          emit(event);
          break;
        case "done": {
          if (event.message.citations?.length) {
            emit({ type: "citations", citations: event.message.citations });
          }
          const message = { ...event.message, usage: event.message.usage ?? usage };
          if (!event.message.usage && usage) message.usage = usage;
          return { message, stop: event.stopReason, usage: message.usage };
        }
        case "error":
          if (event.error.kind === "aborted" || options.signal?.aborted) {
            return { message: partial(), stop: "aborted", usage };
          }
          return { message: partial(), stop: "error", usage, error: event.error };
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) {
      const err = error instanceof ProviderError
        ? error
        : new ProviderError("network", `Cannot get a reply: ${errorMessage(error)}`, {
          cause: error,
        });
      return { message: partial(), stop: "error", usage, error: err };
    }
  }
  if (options.signal?.aborted) return { message: partial(), stop: "aborted", usage };
  const error = new ProviderError(
    "server",
    "Cannot get a reply: the stream ended without a result",
  );
  return { message: partial(), stop: "error", usage, error };
}

async function runCalls(
  calls: ToolCallPart[],
  options: RunAgentOptions,
  guard: LoopGuard,
  emit: (e: AgentEvent) => void,
): Promise<{ message: ToolMessage; stop?: string }> {
  const results: ToolResultPart[] = [];
  let stop: string | undefined;
  for (const call of calls) {
    const answer = (content: string, isError: boolean): void => {
      results.push({
        type: "tool_result",
        toolCallId: call.id,
        name: call.name,
        content,
        ...(isError ? { isError: true } : {}),
      });
    };
    if (options.signal?.aborted || stop) {
      answer(stop ? "Not run: the turn was stopped." : "Not run: the user aborted the turn.", true);
      continue;
    }
    const verdict = guard.check(call.name, call.arguments);
    if (verdict.action !== "run") {
      if (verdict.action === "stop") stop = verdict.message;
      answer(verdict.message, true);
      continue;
    }
    const out = await runOne(call, options, emit);
    guard.record(call.name, out.isError);
    answer(out.content, out.isError);
  }
  return { message: { role: "tool", content: results }, stop };
}

async function runOne(
  call: ToolCallPart,
  options: RunAgentOptions,
  emit: (e: AgentEvent) => void,
): Promise<{ content: string; isError: boolean }> {
  const args = parseArguments(call.arguments);
  const tool = options.tools.find((t) => t.name === call.name);
  const detail = tool?.detail(args) ?? "";
  emit({ type: "tool_start", id: call.id, name: call.name, args, detail });
  const started = Date.now();
  const end = (content: string, isError: boolean, warnings: string[] = []) => {
    for (const message of warnings) emit({ type: "warning", message });
    emit({
      type: "tool_end",
      id: call.id,
      name: call.name,
      output: content,
      isError,
      warnings,
      durationMs: Date.now() - started,
    });
    return { content, isError };
  };
  if (!tool) {
    const names = options.tools.map((t) => t.name).join(", ");
    return end(`Error: unknown tool "${call.name}"; available tools: ${names}`, true);
  }
  if ("_raw" in args && Object.keys(args).length === 1) {
    return end(
      `Error: the arguments of ${call.name} are not a JSON object: ${String(args._raw)}. ` +
        "Call the tool again with valid JSON arguments.",
      true,
    );
  }
  if (options.requireApproval?.includes(call.name)) {
    const approved =
      await (options.hooks?.approve?.({ id: call.id, name: call.name, args, detail }) ??
        Promise.resolve(false));
    if (!approved) return end(`Error: the user did not approve running ${call.name}.`, true);
  }
  try {
    const r = await tool.execute(args, { ...options.toolContext, signal: options.signal });
    return end(r.content, false, r.warnings);
  } catch (error) {
    const aborted = options.signal?.aborted ? " (the user aborted the turn)" : "";
    return end(`Error: ${errorMessage(error)}${aborted}`, true);
  }
}

function addUsage(total: Usage, u: Usage): void {
  total.input += u.input;
  total.output += u.output;
  total.cacheRead += u.cacheRead;
  total.cacheWrite += u.cacheWrite;
  total.total += u.total;
  if (u.cost !== undefined) total.cost = (total.cost ?? 0) + u.cost;
}

function lastText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === "assistant") {
      return m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
    }
  }
  return "";
}
