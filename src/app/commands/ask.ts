/** `localgpt ask`: one question, one answer (same tools and sessions as chat). */
import type { Command } from "commander";
import { UsageError } from "../../core/mod.ts";
import type { CliContext } from "../context.ts";

/** Adds `ask`. */
export function registerAsk(program: Command, ctx: CliContext): void {
  program
    .command("ask <question...>")
    .description("ask one question and print the answer (`-` reads the question from stdin)")
    .option("-m, --model <model>", "model for this question")
    .option("--json", "print {question, response, model, session, usage, stop_reason} as JSON")
    .option("-y, --yes", "run tools in tools.require_approval without asking")
    .addHelpText(
      "after",
      '\nExamples:\n  localgpt ask "What did I decide about the trip?"\n  echo "summarise MEMORY.md" | localgpt ask - --json',
    )
    .action(async (words: string[], opts: { model?: string; json?: boolean; yes?: boolean }) => {
      // Unquoted words are one question: `localgpt ask what did I decide`.
      const question = words.join(" ");
      let text = question;
      if (question === "-") text = (await new Response(Deno.stdin.readable).text()).trim();
      if (!text.trim()) throw new UsageError("Cannot ask: the question is empty");
      const { setupAgent } = await import("../agent_setup.ts");
      const cli = await import("../../channels/cli/mod.ts");
      const { interruptHandler } = await import("./chat.ts");
      const tty = question !== "-" && Deno.stdin.isTerminal();
      const reader = tty ? new cli.LineReader(Deno.stdin.readable) : undefined;
      const loaded = await ctx.load();
      const { offerDefaultModel } = await import("./models_pull.ts");
      const setup = await setupAgent(loaded, ctx.host, {
        model: opts.model,
        modelDeps: reader && ctx.output.isTty
          ? {
            offerDownload: () =>
              offerDefaultModel(loaded.config, ctx.output, () => reader.readLine()),
          }
          : undefined,
        approve: cli.createTerminalApproval({
          reader,
          write: ctx.output.err,
          yes: opts.yes,
        }),
        warn: ctx.output.err,
      });
      try {
        ctx.exitCode = await cli.runAsk({
          session: setup.session,
          question: text,
          json: opts.json ?? false,
          out: ctx.output.out,
          err: ctx.output.err,
          color: ctx.output.color,
          onInterrupt: interruptHandler,
        });
      } finally {
        setup.close();
      }
    });
}
