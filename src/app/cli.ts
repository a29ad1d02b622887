/** The command line: builds the commander program, runs it, maps errors to exit codes. */
import { Command, CommanderError } from "commander";
import { ConfigError, errorMessage, UsageError, VERSION } from "../core/mod.ts";
import type { HostEnv } from "../config/mod.ts";
import { type CliContext, createCliContext, type GlobalOptions } from "./context.ts";
import type { Output } from "./output.ts";
import { registerInit } from "./commands/init.ts";
import { registerPaths } from "./commands/paths.ts";
import { registerConfig } from "./commands/config.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerMemory } from "./commands/memory.ts";
import { registerSkills } from "./commands/skills.ts";
import { registerSessions } from "./commands/sessions.ts";
import { registerModels } from "./commands/models.ts";
import { registerSandbox } from "./commands/sandbox.ts";
import { registerMd } from "./commands/md.ts";
import { registerChat } from "./commands/chat.ts";
import { registerAsk } from "./commands/ask.ts";
import { registerDaemon } from "./commands/daemon.ts";
import { registerTelegram } from "./commands/telegram.ts";
import { registerSearch } from "./commands/search.ts";
import { registerCron } from "./commands/cron.ts";

/** Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Each command module adds itself to the program through one of these. */
export type Register = (program: Command, ctx: CliContext) => void;

const COMMANDS: Register[] = [
  registerChat,
  registerAsk,
  registerInit,
  registerPaths,
  registerConfig,
  registerDoctor,
  registerMemory,
  registerSkills,
  registerSessions,
  registerModels,
  registerSandbox,
  registerMd,
  registerDaemon,
  registerTelegram,
  registerSearch,
  registerCron,
];

/** Runs the CLI with `argv` (without the program name) and returns the exit code. */
export async function runCli(argv: string[], output: Output, host: HostEnv): Promise<number> {
  const program = new Command("localgpt");
  const ctx = createCliContext(output, host, () => program.opts<GlobalOptions>());
  program
    .description("A local AI assistant with persistent markdown memory.")
    .version(VERSION, "--version", "print the version")
    .option("-c, --config <file>", "config file (default: <config_dir>/config.toml)")
    .option("-a, --agent <id>", "agent id: names sessions and the memory index", undefined)
    .option("-p, --profile <name>", "profile: every directory gets the suffix -<name>")
    .option("-v, --verbose", "debug output")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Examples:
  localgpt chat                 talk with the assistant (chat --resume continues)
  localgpt ask "question"       one question, one answer
  localgpt init                 create the config and the workspace
  localgpt paths                show every directory and file in use
  localgpt config set agent.default_model openai-compatible/qwen3
  localgpt doctor               check the installation
  localgpt models               show the default model and what each provider offers
  localgpt daemon start         run the HTTP API and web UI in the background
  localgpt -p work paths        the same, for the profile "work"`,
    );
  configureTree(program, output);
  for (const register of COMMANDS) register(program, ctx);
  configureTree(program, output);

  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, output);
  }
}

function configureTree(command: Command, output: Output): void {
  command.exitOverride().configureOutput({
    writeOut: (s) => output.out(s),
    writeErr: (s) => output.err(s),
    outputError: (s, write) => write(s),
  });
  for (const sub of command.commands) configureTree(sub, output);
}

function reportError(error: unknown, output: Output): number {
  // The reader went away (`localgpt … | head`): nothing is wrong and there is no one to tell.
  if (error instanceof Deno.errors.BrokenPipe) return EXIT.ok;
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
      error.code === "commander.help"
    ) return EXIT.ok;
    // commander has already printed its message.
    return EXIT.usage;
  }
  if (error instanceof ConfigError || error instanceof UsageError) {
    output.err(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  output.err(`error: ${errorMessage(error)}\n`);
  return EXIT.failure;
}
