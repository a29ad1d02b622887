/** `localgpt config path|show|get|set|validate|init`. */
import type { Command } from "commander";
import { dirname } from "node:path";
import {
  configTemplate,
  displayConfig,
  displayValue,
  findSchemaNode,
  formatToml,
  parseConfig,
  setKeyInText,
  tomlLiteral,
} from "../../config/mod.ts";
import { ConfigError, UsageError } from "../../core/mod.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";

/**
 * Rewrites the config `file` from the template and returns where the old text was kept
 * (`<file>.bak`), or undefined when there was nothing to keep: no file, or the template itself,
 * so a second `--force` never replaces the backup of the user's own config.
 */
export async function resetConfigFile(file: string): Promise<string | undefined> {
  const template = configTemplate();
  const existing = await Deno.readTextFile(file).catch(() => undefined);
  const backup = existing !== undefined && existing !== template ? `${file}.bak` : undefined;
  if (backup) await writeFileAtomic(backup, existing!);
  await writeFileAtomic(file, template);
  return backup;
}

/** Writes `text` to `path` atomically (temp file + rename), keeping an existing file's mode. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const mode = (await Deno.stat(path).catch(() => null))?.mode ?? 0o600;
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(tmp, text, { mode: mode & 0o777 });
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Adds `config` and its subcommands. */
export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program
    .command("config")
    .description("show, check and edit config.toml")
    .addHelpText(
      "after",
      `
Examples:
  localgpt config show
  localgpt config get server.port
  localgpt config set agent.default_model ollama/llama3.2
  localgpt config set providers.openai_compatible.base_url http://127.0.0.1:1234/v1
  localgpt config validate ./config.toml`,
    );

  config
    .command("path")
    .description("print the config file path")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const path = await configFilePath(ctx);
      if (opts.json) return printJson(ctx.output, { path });
      ctx.output.out(path + "\n");
    });

  config
    .command("show")
    .description("print the resolved config (defaults filled in, secrets redacted)")
    .option("--json", "print as JSON")
    .option("--reveal", "show secrets instead of ***")
    .action(async (opts: { json?: boolean; reveal?: boolean }) => {
      const loaded = await ctx.load();
      const shown = displayConfig(loaded.config, { redact: !opts.reveal });
      if (opts.json) {
        return printJson(ctx.output, {
          file: loaded.paths.configFile,
          exists: loaded.configExists,
          config: shown,
        });
      }
      const state = loaded.configExists ? "" : " (not found: defaults in force)";
      ctx.output.out(`# ${loaded.paths.configFile}${state}\n\n${formatToml(shown)}\n`);
    });

  config
    .command("get <key>")
    .description("print one resolved value")
    .option("--json", "print as JSON")
    .option("--reveal", "show a secret instead of ***")
    .action(async (key: string, opts: { json?: boolean; reveal?: boolean }) => {
      if (!findSchemaNode(key)) throw new UsageError(`Unknown config key "${key}"`);
      const value = displayValue((await ctx.load()).config, key, { redact: !opts.reveal });
      if (opts.json) return printJson(ctx.output, { key, value: value ?? null });
      if (value === undefined) {
        ctx.output.err(`${key} is not set\n`);
        ctx.exitCode = 1;
        return;
      }
      ctx.output.out(
        (typeof value === "object" ? JSON.stringify(value) : String(value)) + "\n",
      );
    });

  config
    .command("set <key> <value>")
    .description("set one key in config.toml, keeping comments and layout")
    .action(async (key: string, value: string) => {
      // A broken file can still be repaired with `config set`: only its path is needed here.
      const file = await configFilePath(ctx);
      const text = (await readIfExists(file)) ?? configTemplate();
      const literal = tomlLiteral(key, value);
      const updated = setKeyInText(text, key, literal, { file, vars: ctx.host.vars });
      await writeFileAtomic(file, updated);
      const node = findSchemaNode(key);
      const shown = node?.kind === "field" && node.secret ? "***" : literal;
      ctx.output.out(`Set ${key} = ${shown} in ${file}\n`);
      try {
        parseConfig(updated, { file, vars: ctx.host.vars });
      } catch (error) {
        // The edit was fine, but the file was already broken: say what is left to repair.
        if (!(error instanceof ConfigError)) throw error;
        ctx.output.err(`warning: ${error.message}\n`);
      }
    });

  config
    .command("validate [file]")
    .description("check a config file: syntax, keys, types, ${VAR} references")
    .option("--json", "print as JSON")
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const path = file ?? (await configFilePath(ctx));
      const text = await readIfExists(path);
      if (text === undefined) {
        throw new ConfigError([{ key: "", message: "file not found" }], {
          file: path,
          action: "Cannot validate config",
        });
      }
      try {
        const { warnings } = parseConfig(text, { file: path, vars: ctx.host.vars });
        if (opts.json) {
          return printJson(ctx.output, { file: path, valid: true, problems: [], warnings });
        }
        for (const w of warnings) ctx.output.err(`warning: ${w}\n`);
        ctx.output.out(`OK: ${path}\n`);
      } catch (error) {
        if (!(error instanceof ConfigError) || !opts.json) throw error;
        printJson(ctx.output, { file: path, valid: false, problems: error.problems, warnings: [] });
        ctx.exitCode = 2;
      }
    });

  config
    .command("init")
    .description("write the commented config template")
    .option("-f, --force", "replace an existing config (the old one is kept as .bak)")
    .action(async (opts: { force?: boolean }) => {
      const file = await configFilePath(ctx);
      const existing = await readIfExists(file);
      if (existing !== undefined && !opts.force) {
        throw new UsageError(`Config "${file}" already exists; use --force to replace it`);
      }
      const backup = await resetConfigFile(file);
      ctx.output.out(`Wrote ${file}${backup ? ` (previous kept as ${backup})` : ""}\n`);
    });
}

/** The config path, even when the config itself is broken. */
async function configFilePath(ctx: CliContext): Promise<string> {
  try {
    return (await ctx.load()).paths.configFile;
  } catch (error) {
    if (error instanceof ConfigError && error.file) return error.file;
    throw error;
  }
}
