/** `localgpt paths`: every directory and file the program uses. */
import type { Command } from "commander";
import type { ResolvedPaths } from "../../config/mod.ts";
import type { CliContext } from "../context.ts";
import { aligned, printJson, snakeKeys, styles } from "../output.ts";

const GROUPS: [string, [string, keyof ResolvedPaths][]][] = [
  ["Config", [["config dir", "configDir"], ["config file", "configFile"]]],
  ["Data", [
    ["data dir", "dataDir"],
    ["workspace", "workspace"],
    ["device key", "deviceKey"],
    ["skills dir", "skillsDir"],
  ]],
  ["State", [
    ["state dir", "stateDir"],
    ["sessions", "sessionsDir"],
    ["logs", "logsDir"],
    ["audit log", "auditLog"],
    ["pid file", "pidFile"],
    ["workspace lock", "workspaceLock"],
    ["search stats", "searchStats"],
    ["last heartbeat", "heartbeatState"],
    ["cron state", "cronState"],
  ]],
  ["Cache", [
    ["cache dir", "cacheDir"],
    ["memory index", "memoryIndex"],
    ["model cache", "modelsDir"],
    ["native libs", "nativeDir"],
  ]],
];

/** Adds `paths`. */
export function registerPaths(program: Command, ctx: CliContext): void {
  program
    .command("paths")
    .description("show every directory and file LocalGPT uses")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt paths\n  localgpt -p work paths --json")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      if (opts.json) {
        printJson(ctx.output, {
          profile: loaded.profile || null,
          agent: loaded.agent,
          ...snakeKeys(loaded.paths),
          warnings: loaded.warnings,
        });
        return;
      }
      const s = styles(ctx.output);
      const lines: string[] = [];
      if (loaded.profile) lines.push(`Profile: ${loaded.profile}\n`);
      const width = Math.max(...GROUPS.flatMap(([, rows]) => rows.map(([label]) => label.length)));
      for (const [group, rows] of GROUPS) {
        lines.push(s.bold(group) + "\n");
        lines.push(aligned(rows.map(([label, key]) => [label, loaded.paths[key]]), "  ", width));
      }
      ctx.output.out(lines.join(""));
    });
}
