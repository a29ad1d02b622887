/** `localgpt skills list`: every skill found, whether it can be used here, and broken files. */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { printJson, styles } from "../output.ts";

/** Adds `skills list`. */
export function registerSkills(program: Command, ctx: CliContext): void {
  const skills = program
    .command("skills")
    .description("list the SKILL.md skills the assistant can use")
    .addHelpText("after", "\nExamples:\n  localgpt skills list\n  localgpt skills list --json");
  skills
    .command("list")
    .description("list skills with their source, eligibility and problems")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt skills list\n  localgpt skills list --json")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const agent = await import("../../agent/mod.ts");
      const catalog = await agent.loadSkills({
        workspace: loaded.paths.workspace,
        home: ctx.host.home,
        skillsDir: loaded.paths.skillsDir,
        os: ctx.host.os,
        vars: loaded.vars,
        settings: loaded.config.skills,
        configValue: (path) => agent.valueAtPath(loaded.config, path),
      });
      if (opts.json) {
        printJson(ctx.output, {
          skills: catalog.entries.map(({ skill, eligibility }) => ({
            name: skill.name,
            description: skill.description,
            source: skill.source,
            path: skill.filePath,
            eligible: eligibility.eligible,
            reason: eligibility.eligible ? null : eligibility.reason,
            user_invocable: skill.userInvocable,
            model_invocable: !skill.disableModelInvocation,
            emoji: skill.metadata?.emoji ?? null,
            homepage: skill.homepage ?? null,
            warnings: skill.warnings,
          })),
          shadowed: catalog.shadowed.map(({ skill, by }) => ({
            name: skill.name,
            path: skill.filePath,
            source: skill.source,
            by: by.filePath,
          })),
          problems: catalog.problems,
        });
        return;
      }
      const s = styles(ctx.output);
      const home = ctx.host.home;
      const lines: string[] = [];
      const eligible = catalog.entries.filter((e) => e.eligibility.eligible).length;
      lines.push(
        s.bold(`Skills: ${eligible} ready, ${catalog.entries.length - eligible} unavailable`) +
          (catalog.problems.length ? s.red(`, ${catalog.problems.length} broken`) : "") + "\n",
      );
      const width = Math.max(0, ...catalog.entries.map((e) => e.skill.name.length));
      for (const { skill, eligibility } of catalog.entries) {
        const mark = eligibility.eligible ? s.green("✓") : s.yellow("✗");
        const detail = eligibility.eligible ? skill.description : s.yellow(eligibility.reason);
        lines.push(
          `  ${mark} ${skill.name.padEnd(width)}  ${s.dim(`[${skill.source}]`)} ${
            oneLine(detail)
          }\n`,
        );
        lines.push(`    ${s.dim(agent.compactHome(skill.filePath, home))}\n`);
        for (const warning of skill.warnings) {
          lines.push(`    ${s.yellow(`warning: ${warning}`)}\n`);
        }
      }
      for (const { skill, by } of catalog.shadowed) {
        lines.push(
          s.dim(
            `  overridden: ${agent.compactHome(skill.filePath, home)} by ${
              agent.compactHome(by.filePath, home)
            }\n`,
          ),
        );
      }
      if (catalog.problems.length) lines.push(s.bold("Broken:") + "\n");
      for (const problem of catalog.problems) {
        lines.push(
          `  ${s.red("!")} ${agent.compactHome(problem.path, home)}: ${problem.message}\n`,
        );
      }
      if (catalog.entries.length === 0 && catalog.problems.length === 0) {
        lines.push(
          `  No skills found. Put skills in ${loaded.paths.workspace}/skills/<name>/SKILL.md\n`,
        );
      }
      ctx.output.out(lines.join(""));
    });
}

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
