/** `localgpt chat`: the interactive conversation. */
import type { Command } from "commander";
import { join } from "node:path";
import { VERSION } from "../../core/mod.ts";
import type { CliContext } from "../context.ts";
import { searchStatusLine } from "../web_search.ts";

/** Adds `chat`. */
export function registerChat(program: Command, ctx: CliContext): void {
  program
    .command("chat")
    .description("talk with the assistant (tools, memory, skills; the session is saved as you go)")
    .option("-m, --model <model>", "model for this chat, e.g. anthropic/claude-sonnet-4-6")
    .option("-s, --session <id>", "continue a saved session (id or unique prefix)")
    .option("--resume", "continue the most recent session")
    .option("-y, --yes", "run tools in tools.require_approval without asking")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt chat\n  localgpt chat --resume\n  localgpt chat -s 3f2a -m ollama/llama3",
    )
    .action(async (opts: { model?: string; session?: string; resume?: boolean; yes?: boolean }) => {
      const { setupAgent } = await import("../agent_setup.ts");
      const cli = await import("../../channels/cli/mod.ts");
      const agent = await import("../../agent/mod.ts");
      const tty = Deno.stdin.isTerminal();
      const loadedEarly = await ctx.load();
      const historyFile = join(loadedEarly.paths.stateDir, "chat_history");
      const input: import("../../channels/cli/mod.ts").LineSource = tty
        ? new cli.LineEditor(
          stdinTerminal(ctx.output.out, ctx.output.isTty),
          await cli.loadHistory(historyFile),
        )
        : new cli.LineReader(Deno.stdin.readable);
      const { offerDefaultModel } = await import("./models_pull.ts");
      const setup = await setupAgent(loadedEarly, ctx.host, {
        model: opts.model,
        modelDeps: tty && ctx.output.isTty
          ? {
            offerDownload: () =>
              offerDefaultModel(loadedEarly.config, ctx.output, () =>
                input.readLine({ remember: false })),
          }
          : undefined,
        sessionId: opts.session,
        resume: opts.resume,
        approve: cli.createTerminalApproval({
          reader: input,
          write: ctx.output.out,
          yes: opts.yes,
        }),
        warn: ctx.output.err,
      });
      const { config, paths } = setup.loaded;
      try {
        const status = await setup.memory.status().catch(() => ({ mode: "keyword" as const }));
        await setup.memory.sync({ embed: false }).catch(() => undefined);
        const chunks = async () => (await setup.memory.stats().catch(() => ({ chunks: 0 }))).chunks;
        const eligible = agent.eligibleSkills(setup.skills);
        ctx.exitCode = await cli.runChat({
          session: setup.session,
          input,
          write: ctx.output.out,
          color: ctx.output.color,
          banner: {
            version: VERSION,
            agent: setup.loaded.agent,
            memoryChunks: await chunks(),
            embeddings: status.mode === "hybrid",
          },
          openSession: setup.openSession,
          checkModel: async (model) => {
            const { parseModelId } = await import("../../llm/mod.ts");
            parseModelId(model, config.providers);
          },
          listModels: async () => {
            const { MODEL_ALIASES } = await import("../../llm/mod.ts");
            return [
              `current: ${setup.session.model}`,
              ...config.agent.fallback_models.map((m) => `fallback: ${m}`),
              ...Object.entries(MODEL_ALIASES).map(([a, m]) => `${a.padEnd(10)} → ${m}`),
              "run `localgpt models` for every provider's list",
            ];
          },
          listSessions: () => setup.store.list(),
          memorySearch: async (q) =>
            (await setup.memory.search(q, { limit: 5 })).results.map((r) => ({
              path: r.path,
              line: r.start_line,
              score: r.score,
              snippet: r.snippet,
            })),
          reindex: async () => {
            const s = await setup.memory.status();
            const r = await setup.memory.sync({ full: true, embed: s.mode === "hybrid" });
            return `Reindexed: ${r.scanned} files, ${r.changed} changed, ${r.chunks} chunks` +
              (r.embedded ? `, ${r.embedded} embedded` : "");
          },
          memoryChunks: chunks,
          searchStats: () => searchStatusLine(setup.loaded),
          skillsText: skillsText(setup.skills, ctx.host.home, agent.compactHome),
          skillCommands: agent.skillCommands(eligible, cli.RESERVED),
          home: ctx.host.home,
          workspace: paths.workspace,
          historyFile,
          settings: {
            contextWindow: config.agent.context_window,
            reserveTokens: config.agent.reserve_tokens,
            sessionMaxMessages: config.memory.session_max_messages,
            sessionMaxChars: config.memory.session_max_chars,
          },
          onInterrupt: interruptHandler,
        });
      } finally {
        setup.close();
      }
    });
}

/** The real terminal for the line editor. */
function stdinTerminal(write: (text: string) => void, stdoutIsTty: boolean) {
  return {
    read: (buffer: Uint8Array) => Deno.stdin.read(buffer),
    setRaw: (raw: boolean) => Deno.stdin.setRaw(raw),
    write,
    // Only a terminal on stdout answers the cursor position query and wraps long lines.
    columns: stdoutIsTty ? consoleColumns : undefined,
  };
}

function consoleColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 0; // unknown width: the editor redraws on one row
  }
}

/** Ctrl-C aborts the running turn (the REPL keeps going). */
export function interruptHandler(handler: () => void): () => void {
  try {
    Deno.addSignalListener("SIGINT", handler);
    return () => Deno.removeSignalListener("SIGINT", handler);
  } catch {
    return () => {};
  }
}

/** The `/skills` listing: every skill with its eligibility. */
export function skillsText(
  catalog: import("../../agent/mod.ts").SkillCatalog,
  home: string,
  compactHome: (p: string, h?: string) => string,
): string {
  if (catalog.entries.length === 0) return "No skills found.";
  return catalog.entries.map(({ skill, eligibility }) =>
    `  ${eligibility.eligible ? "✓" : "✗"} ${skill.name} — ${
      eligibility.eligible ? skill.description.split("\n")[0] : eligibility.reason
    } (${compactHome(skill.filePath, home)})`
  ).join("\n");
}
