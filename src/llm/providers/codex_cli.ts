/** Codex CLI as a provider: `codex exec --json` (or `codex exec resume <id>`), JSONL events. */
import type { Context, StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { systemText } from "../_transcript.ts";
import { messageError } from "../errors.ts";
import { KNOWN_MODELS } from "../catalog.ts";
import type { Provider, StreamOptions } from "../types.ts";
import { lastUserText, runJsonCli } from "./_cli.ts";

/** Settings of the Codex CLI provider. */
export interface CodexCliOptions {
  name?: string;
  command: string;
}

/** Creates the Codex CLI provider. */
export function createCodexCliProvider(options: CodexCliOptions): Provider {
  const name = options.name ?? "codex_cli";
  return {
    name,
    api: "codex_cli",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "codex_cli", model, signal: opts.signal },
        () =>
          mapCodexEvents(
            name,
            runJsonCli({
              provider: name,
              command: options.command,
              args: codexArgs(model, context, opts),
              cwd: opts.cwd,
              signal: opts.signal,
              installHint: "install Codex CLI (npm install -g @openai/codex)",
              commandKey: `providers.${name}.command`,
            }),
          ),
      );
    },
    listModels: () => Promise.resolve(KNOWN_MODELS.codex_cli),
  };
}

/** The command-line arguments for one call (exported for tests). */
export function codexArgs(model: string, context: Context, opts: StreamOptions): string[] {
  const system = systemText(context.system, context.systemDynamic);
  const user = lastUserText(context.messages);
  const prompt = system ? `System Instruction: ${system}\n\nUser Request: ${user}` : user;
  // `exec` options go before the `resume` subcommand, where the parent command parses them.
  const args = ["exec", "--json", "--skip-git-repo-check"];
  if (model) args.push("--model", model);
  if (opts.sessionId) args.push("resume", opts.sessionId);
  args.push(prompt);
  return args;
}

async function* mapCodexEvents(
  provider: string,
  events: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<RawEvent> {
  let sessionId: string | undefined;
  // deno-lint-ignore no-explicit-any
  for await (const e of events as AsyncIterable<any>) {
    const item = e.item ?? {};
    if (e.type === "thread.started") sessionId = e.thread_id;
    else if (e.type === "item.completed" && item.type === "agent_message") {
      yield { type: "text_delta", text: item.text ?? "" };
    } else if (e.type === "item.completed" && item.type === "reasoning") {
      yield { type: "thinking_delta", text: item.text ?? "" };
    } else if (e.type === "item.started" && item.type === "command_execution") {
      yield { type: "thinking_delta", text: `\n[Tool: ${item.command}]\n` };
    } else if (e.type === "turn.failed" || e.type === "error") {
      throw messageError(provider, String(e.error?.message ?? e.message ?? "error"));
    } else if (e.type === "turn.completed") {
      const u = e.usage ?? {};
      const cached = u.cached_input_tokens ?? 0;
      yield {
        type: "usage",
        usage: {
          input: (u.input_tokens ?? 0) - cached,
          output: u.output_tokens ?? 0,
          cacheRead: cached,
        },
      };
      yield { type: "end", stopReason: "stop", sessionId };
      return;
    }
  }
}
