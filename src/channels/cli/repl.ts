/** `runChat()`: the interactive REPL over a Session. */
import { errorMessage } from "../../core/mod.ts";
import type { ChatDeps } from "./chat_deps.ts";
import { type ChatState, runCommand } from "./commands.ts";
import { readInput } from "./input.ts";
import { createRenderer, makeStyles } from "./render.ts";
import { withAttachments } from "./attachments.ts";

/** The banner line (reference §1.2). */
export function bannerLine(
  b: ChatDeps["banner"],
  model: string,
  skills: number,
): string {
  return `LocalGPT v${b.version} | Agent: ${b.agent} | Model: ${model} | Memory: ${b.memoryChunks} chunks | ` +
    `Embeddings: ${b.embeddings ? "enabled" : "disabled"} | Skills: ${skills}`;
}

/** Runs the REPL until /quit or end of input; returns the exit code. */
export async function runChat(deps: ChatDeps): Promise<number> {
  const s = makeStyles(deps.color);
  const state: ChatState = { session: deps.session, attachments: [] };
  deps.write(
    s.bold(bannerLine(deps.banner, state.session.model, deps.skillCommands.length)) + "\n",
  );
  if (state.session.resumed) {
    deps.write(
      s.dim(
        `Resumed session ${
          state.session.id.slice(0, 8)
        } (${state.session.messages.length} messages)`,
      ) + "\n",
    );
  }
  deps.write(s.dim("Type /help for commands, /quit to exit.") + "\n");
  const render = createRenderer(deps.write, s);
  while (true) {
    const input = await readInput(
      deps.input,
      () => deps.write("\n" + s.cyan("You: ")),
      () => deps.write(s.dim("...  ")),
    );
    if (input === null) {
      deps.write("\n");
      break;
    }
    const text = input.trim();
    if (!text) continue;
    await appendHistory(deps.historyFile, input);
    let message = input;
    if (text.startsWith("/")) {
      const outcome = await runCommand(text, state, deps, s);
      if (outcome.kind === "quit") break;
      if (outcome.kind === "handled") continue;
      if (outcome.kind === "unknown") {
        deps.write(
          s.yellow(`Unknown command ${text.split(/\s/)[0]}; /help lists commands.`) + "\n",
        );
        continue;
      }
      message = outcome.text;
    }
    const controller = new AbortController();
    const off = deps.onInterrupt?.(() => controller.abort());
    try {
      deps.write("\n");
      await state.session.send(withAttachments(message, state.attachments), {
        signal: controller.signal,
        onEvent: render,
      });
      state.attachments.length = 0;
    } catch (error) {
      deps.write(s.red(`error: ${errorMessage(error)}`) + "\n");
    } finally {
      off?.();
    }
  }
  await state.session.close();
  deps.write("Goodbye!\n");
  return 0;
}

async function appendHistory(path: string | undefined, input: string): Promise<void> {
  if (!path) return;
  try {
    await Deno.writeTextFile(path, JSON.stringify(input) + "\n", { append: true, mode: 0o600 });
  } catch {
    // History is a convenience: a read-only state dir must not break the chat.
  }
}
