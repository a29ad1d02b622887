/** The command line: builds the commander program, runs it, maps errors to exit codes. */
import { Command, CommanderError } from "commander";
import { ConfigError, errorMessage, UsageError, VERSION } from "../core/mod.ts";
import type { HostEnv } from "../config/mod.ts";
import { type CliContext, createCliContext, type GlobalOptions } from "./context.ts";
import type { Output } from "./output.ts";
import { COMMAND_TABLE } from "./command_table.ts";

/** Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Each command module adds itself to the program through one of these. */
export type Register = (program: Command, ctx: CliContext) => void;

/** The commands by name (see command_table.ts: one row per command). */
export const COMMANDS = COMMAND_TABLE;

/**
 * Imports a command's module and returns its register function. The specifier is computed so
 * that `deno run` reads only this command's module graph, not every command's.
 */
export async function loadCommand(name: string): Promise<Register> {
  const [path, exported] = COMMAND_TABLE[name];
  const module = await import(new URL(path, import.meta.url).href);
  const register = module[exported];
  if (typeof register !== "function") {
    throw new TypeError(`Cannot load command "${name}": "${path}" exports no ${exported}()`);
  }
  return register as Register;
}

/** Global options that take a value: the word after them is not the command name. */
const VALUE_OPTIONS = new Set(["-c", "--config", "-a", "--agent", "-p", "--profile"]);

/**
 * The commands whose modules `argv` needs: the one named (also after `help`), or every command
 * when none is named or the name is unknown (help listing, suggestions).
 */
export function commandsFor(argv: readonly string[], table = COMMANDS): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i];
    if (arg === "--") {
      words.push(...argv.slice(i + 1, i + 3));
      break;
    }
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) words.push(arg);
  }
  const name = words[0] === "help" && !Object.hasOwn(table, "help") ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(table, name) ? [name] : Object.keys(table);
}

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
  const names = commandsFor(argv);
  const registers = await Promise.all(names.map(loadCommand));
  for (const register of registers) register(program, ctx);
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
