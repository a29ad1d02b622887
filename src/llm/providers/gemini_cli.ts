/** Gemini CLI as a provider: `gemini -p … --output-format stream-json --yolo`. */
import type { Context, StreamEvent } from "../../core/mod.ts";
import { guardStream, type RawEvent } from "../_guard.ts";
import { systemText } from "../_transcript.ts";
import { messageError } from "../errors.ts";
import { KNOWN_MODELS } from "../catalog.ts";
import type { Provider, StreamOptions } from "../types.ts";
import { lastUserText, runJsonCli } from "./_cli.ts";

/** Settings of the Gemini CLI provider. */
export interface GeminiCliOptions {
  name?: string;
  command: string;
}

/** Creates the Gemini CLI provider. */
export function createGeminiCliProvider(options: GeminiCliOptions): Provider {
  const name = options.name ?? "gemini_cli";
  return {
    name,
    api: "gemini_cli",
    stream(model: string, context: Context, opts: StreamOptions = {}): AsyncIterable<StreamEvent> {
      return guardStream(
        { provider: name, api: "gemini_cli", model, signal: opts.signal },
        () =>
          mapGeminiCliEvents(
            name,
            runJsonCli({
              provider: name,
              command: options.command,
              args: geminiCliArgs(model, context, opts),
              cwd: opts.cwd,
              signal: opts.signal,
              installHint: "install Gemini CLI (npm install -g @google/gemini-cli)",
              commandKey: `providers.${name}.command`,
            }),
          ),
      );
    },
    listModels: () => Promise.resolve(KNOWN_MODELS.gemini_cli),
  };
}

/** The command-line arguments for one call (exported for tests). */
export function geminiCliArgs(model: string, context: Context, opts: StreamOptions): string[] {
  const system = systemText(context.system, context.systemDynamic);
  const user = lastUserText(context.messages);
  const prompt = system ? `System Instruction: ${system}\n\nUser Request: ${user}` : user;
  const args = ["-p", prompt, "--output-format", "stream-json", "--yolo"];
  if (model) args.push("--model", model);
  if (opts.sessionId) args.push("--resume", opts.sessionId);
  return args;
}

async function* mapGeminiCliEvents(
  provider: string,
  events: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<RawEvent> {
  let sessionId: string | undefined;
  // deno-lint-ignore no-explicit-any
  for await (const e of events as AsyncIterable<any>) {
    if (e.type === "init") sessionId = e.session_id;
    else if (e.type === "message" && e.role === "assistant" && e.content) {
      yield { type: "text_delta", text: e.content };
    } else if (e.type === "tool_use") {
      yield { type: "thinking_delta", text: `\n[Tool: ${e.tool_name}]\n` };
    } else if (e.type === "error" && e.severity !== "warning") {
      throw messageError(provider, String(e.message ?? "error"));
    } else if (e.type === "result") {
      if (e.status && e.status !== "success") {
        throw messageError(provider, String(e.error?.message ?? e.status));
      }
      const s = e.stats ?? {};
      yield {
        type: "usage",
        usage: {
          input: s.input_tokens ?? 0,
          output: s.output_tokens ?? 0,
          cacheRead: s.cached ?? 0,
          total: s.total_tokens ?? 0,
        },
      };
      yield { type: "end", stopReason: "stop", sessionId };
      return;
    }
  }
}
