/** `localgpt doctor`: checks the installation and says how to fix what is wrong. */
import type { Command } from "commander";
import { ConfigError, errorMessage } from "../../core/mod.ts";
import { parseConfig, type ResolvedConfig, resolvePaths } from "../../config/mod.ts";
import type { CliContext } from "../context.ts";
import { printJson, styles } from "../output.ts";
import { type CheckResult, type DoctorInput, runChecks } from "../doctor/checks.ts";

/** Counts of each status, printed as `Results: X passed, Y warnings, Z failed`. */
export function summarize(results: CheckResult[]) {
  const count = (s: CheckResult["status"]) => results.filter((r) => r.status === s).length;
  return { passed: count("pass"), warnings: count("warn"), failed: count("fail") };
}

async function doctorInput(ctx: CliContext): Promise<DoctorInput> {
  const llm = await import("../../llm/mod.ts");
  const probes = (config: ResolvedConfig) => ({
    detectProviders: () =>
      llm.detectProviders({ providers: config.providers, vars: ctx.host.vars }),
    probeSearch: async (name: import("../../tools/mod.ts").SearchProviderName) => {
      const { probeSearchProvider } = await import("../web_search.ts");
      return probeSearchProvider(name, config.tools.web_search);
    },
    checkModel(id: string) {
      try {
        llm.parseModelId(id, config.providers, {
          onPath: (c) => !!llm.findOnPath(c, ctx.host.vars),
        });
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },
  });
  try {
    const loaded = await ctx.load();
    return { ...loaded, ...probes(loaded.config) };
  } catch (error) {
    if (!(error instanceof ConfigError) || !error.file) throw error;
    // Run the other checks on defaults so one broken key does not hide everything else.
    const g = ctx.globals();
    const { paths, warnings } = resolvePaths({
      host: ctx.host,
      profile: g.profile ?? ctx.host.vars.LOCALGPT_PROFILE,
      agent: g.agent ?? ctx.host.vars.LOCALGPT_AGENT,
      configFile: g.config ?? ctx.host.vars.LOCALGPT_CONFIG,
    });
    const { config } = parseConfig("", { vars: ctx.host.vars });
    return {
      config,
      paths,
      warnings,
      configExists: true,
      configError: errorMessage(error),
      vars: ctx.host.vars,
      ...probes(config),
    };
  }
}

/** Adds `doctor`. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command("doctor")
    .description("check config, directories, workspace, SQLite, model provider and port")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExits 1 when a check fails.\n\nExamples:\n  localgpt doctor\n  localgpt doctor --json",
    )
    .action(async (opts: { json?: boolean }) => {
      const results = await runChecks(await doctorInput(ctx));
      const summary = summarize(results);
      if (summary.failed > 0) ctx.exitCode = 1;
      if (opts.json) return printJson(ctx.output, { checks: results, summary });
      const s = styles(ctx.output);
      const mark = { pass: s.green("✓"), warn: s.yellow("!"), fail: s.red("✗") };
      const width = Math.max(...results.map((r) => r.id.length));
      for (const r of results) {
        ctx.output.out(`${mark[r.status]} ${r.id.padEnd(width)}  ${r.detail}\n`);
        if (r.fix && r.status !== "pass") {
          ctx.output.out(`  ${" ".repeat(width)}  ${s.dim(`fix: ${r.fix}`)}\n`);
        }
      }
      ctx.output.out(
        `\nResults: ${summary.passed} passed, ${summary.warnings} warnings, ${summary.failed} failed\n`,
      );
    });
}
