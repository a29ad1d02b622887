/** `localgpt init`: directories, device key, commented config.toml, and the workspace. */
import type { Command } from "commander";
import { dirname } from "node:path";
import { configTemplate, type ResolvedPaths } from "../../config/mod.ts";
import { ensureWorkspace } from "../../memory/mod.ts";
import type { CliContext } from "../context.ts";
import { resetConfigFile } from "./config.ts";
import { printJson, styles } from "../output.ts";

/** What `initialize()` did. */
export interface InitResult {
  created: string[];
  existing: string[];
  /** Set when `--force` replaced the config; the old one is kept here. */
  backup?: string;
}

/** Creates everything `localgpt init` promises; idempotent. `force` rewrites only the config. */
export async function initialize(paths: ResolvedPaths, force = false): Promise<InitResult> {
  const result: InitResult = { created: [], existing: [] };
  for (
    const dir of [
      paths.configDir,
      dirname(paths.configFile),
      paths.dataDir,
      paths.skillsDir,
      paths.stateDir,
      paths.sessionsDir,
      paths.logsDir,
      paths.cacheDir,
    ]
  ) {
    const exists = await Deno.stat(dir).then(() => true, () => false);
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    if (!exists) result.created.push(dir + "/");
  }

  if (await writeNew(paths.deviceKey, crypto.getRandomValues(new Uint8Array(32)))) {
    result.created.push(paths.deviceKey);
  } else result.existing.push(paths.deviceKey);

  const template = new TextEncoder().encode(configTemplate());
  if (await writeNew(paths.configFile, template)) result.created.push(paths.configFile);
  else if (force) {
    result.backup = await resetConfigFile(paths.configFile);
    result.created.push(paths.configFile);
  } else result.existing.push(paths.configFile);

  const ws = await ensureWorkspace(paths.workspace);
  result.created.push(...ws.created.map((f) => `${paths.workspace}/${f}`));
  result.existing.push(...ws.existing.map((f) => `${paths.workspace}/${f}`));
  return result;
}

async function writeNew(path: string, data: Uint8Array): Promise<boolean> {
  try {
    await Deno.writeFile(path, data, { createNew: true, mode: 0o600 });
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw error;
  }
}

/** Adds `init`. */
export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command("init")
    .description("create the config, the directories and the markdown workspace")
    .option("-f, --force", "rewrite config.toml from the template (the old one is kept as .bak)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nNever overwrites workspace files; safe to run again.\n\nExamples:\n  localgpt init\n  localgpt -p work init",
    )
    .action(async (opts: { force?: boolean; json?: boolean }) => {
      const { paths } = await ctx.load();
      const result = await initialize(paths, opts.force);
      if (opts.json) return printJson(ctx.output, result);
      const s = styles(ctx.output);
      for (const p of result.created) ctx.output.out(`${s.green("created")}  ${p}\n`);
      if (result.backup) ctx.output.out(`${s.yellow("backup")}   ${result.backup}\n`);
      if (result.created.length === 0) {
        ctx.output.out(
          `Everything already exists (${result.existing.length} items); nothing changed.\n`,
        );
      } else {
        ctx.output.out(`\nWorkspace: ${paths.workspace}\nConfig:    ${paths.configFile}\n`);
        ctx.output.out(`Next: edit SOUL.md and USER.md, then run \`localgpt doctor\`.\n`);
      }
    });
}
