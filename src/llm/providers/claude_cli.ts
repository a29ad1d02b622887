/**
 * Claude Code as a provider: `claude -p --output-format stream-json`. Claude Code runs its own
 * tools (not LocalGPT's), so its tool activity is reported as thinking text, never as tool calls.
 */
import type { Context, StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { systemText } from "../_transcript.ts";
import { messageError } from "../errors.ts";
import { KNOWN_MODELS } from "../catalog.ts";
import type { Provider, StreamOptions } from "../types.ts";
import { lastUserText, runJsonCli } from "./_cli.ts";
import { fromAnthropicUsage } from "./_anthropic_usage.ts";

/** Settings of the Claude CLI provider. */
export interface ClaudeCliOptions {
  name?: string;
  command: string;
  effort?: string;
}

/** Creates the Claude CLI provider. */
export function createClaudeCliProvider(options: ClaudeCliOptions): Provider {
  const name = options.name ?? "claude_cli";
  const run = (model: string, context: Context, opts: StreamOptions, resume?: string) =>
    runJsonCli({
      provider: name,
      command: options.command,
      args: claudeArgs(model, context, { effort: options.effort, resume }),
      cwd: opts.cwd,
      signal: opts.signal,
      installHint: "install Claude Code (npm install -g @anthropic-ai/claude-code)",
      commandKey: `providers.${name}.command`,
    });
  return {
    name,
    api: "claude_cli",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "claude_cli", model, signal: opts.signal },
        async function* () {
          try {
            yield* mapClaudeEvents(name, run(model, context, opts, opts.sessionId));
          } catch (error) {
            // The CLI forgot the session (cleared or another machine): start a new one.
            if (!opts.sessionId || !/no conversation found/i.test(String(error))) throw error;
            yield* mapClaudeEvents(name, run(model, context, opts, undefined));
          }
        },
      );
    },
    listModels: () => Promise.resolve(KNOWN_MODELS.claude_cli),
  };
}

/** The command-line arguments for one call (exported for tests). */
export function claudeArgs(
  model: string,
  context: Context,
  extra: { effort?: string; resume?: string } = {},
): string[] {
  const { effort, resume } = extra;
  const args = [
    "-p",
    lastUserText(context.messages),
    "--output-format",
    "stream-json",
    "--verbose",
    "--include-partial-messages",
    "--dangerously-skip-permissions",
  ];
  if (model) args.push("--model", model);
  if (effort) args.push("--effort", effort);
  const system = systemText(context.system, context.systemDynamic);
  if (system) args.push("--system-prompt", system);
  if (resume) args.push("--resume", resume);
  return args;
}

async function* mapClaudeEvents(
  provider: string,
  events: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<RawEvent> {
  let streamedText = false;
  // deno-lint-ignore no-explicit-any
  for await (const e of events as AsyncIterable<any>) {
    if (e.type === "stream_event") {
      const d = e.event?.delta;
      if (e.event?.type === "content_block_delta" && d?.type === "text_delta") {
        streamedText = true;
        yield { type: "text_delta", text: d.text };
      } else if (e.event?.type === "content_block_delta" && d?.type === "thinking_delta") {
        yield { type: "thinking_delta", text: d.thinking };
      }
    } else if (e.type === "assistant") {
      for (const block of e.message?.content ?? []) {
        if (block.type === "text" && !streamedText) yield { type: "text_delta", text: block.text };
        if (block.type === "tool_use") {
          yield {
            type: "thinking_delta",
            text: `\n[Tool: ${block.name} ${toolDetail(block.input)}]\n`,
          };
        }
      }
      streamedText = false;
    } else if (e.type === "result") {
      if (e.is_error || (e.subtype && e.subtype !== "success")) {
        throw messageError(provider, String(e.result ?? e.error ?? e.subtype));
      }
      const u = e.usage ?? {};
      yield { type: "usage", usage: fromAnthropicUsage(u) };
      yield { type: "end", stopReason: "stop", sessionId: e.session_id };
      return;
    }
  }
}

function toolDetail(input: unknown): string {
  const i = (input ?? {}) as Record<string, unknown>;
  const detail = i.command ?? i.file_path ?? i.pattern ?? i.url ?? i.query ?? "";
  return String(detail).slice(0, 80);
}
