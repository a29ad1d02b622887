/** `localgpt sandbox status|test|run`: what the host can enforce, probes, and one-off commands. */
import type { Command } from "commander";
import { commandLineFromWords, errorMessage, UsageError } from "../../core/mod.ts";
import {
  availableLevels,
  deniedSyscalls,
  detectCapabilities,
  runProbes,
  type Sandbox,
} from "../../sandbox/mod.ts";
import type { CliContext } from "../context.ts";
import { aligned, printJson, snakeKeysDeep, styles } from "../output.ts";
import { sandboxFromConfig } from "../security_wiring.ts";

const mib = (n: number) => `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MiB`;

/** Adds `sandbox` with its subcommands. */
export function registerSandbox(program: Command, ctx: CliContext): void {
  const sandbox = program
    .command("sandbox")
    .description("the kernel sandbox that confines every shell command")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt sandbox status\n  localgpt sandbox test --json\n  localgpt sandbox run -- ls -la ~/.ssh",
    );

  sandbox.command("status")
    .description("show host capabilities and the effective policy")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const caps = await detectCapabilities();
      let box: Sandbox | undefined, error: string | undefined;
      try {
        box = await sandboxFromConfig(loaded, ctx.host.home, caps);
      } catch (e) {
        error = errorMessage(e);
        ctx.exitCode = 2;
      }
      const s = loaded.config.sandbox;
      const data = {
        capabilities: caps,
        available_levels: availableLevels(caps),
        configured: { enabled: s.enabled, level: s.level },
        effective_level: box?.level ?? null,
        backend: box?.backend ?? null,
        error: error ?? null,
        policy: box?.policy ?? null,
        workspace_root: box?.workspaceRoot ?? null,
        denied_syscalls: box && box.level !== "none" ? deniedSyscalls(box.policy.network) : [],
      };
      if (opts.json) return printJson(ctx.output, snakeKeysDeep(data));
      const st = styles(ctx.output);
      const out: string[] = [st.bold("Capabilities") + "\n"];
      out.push(aligned([
        ["platform", `${caps.os}/${caps.arch}`],
        ["Landlock", caps.landlockAbi ? `ABI ${caps.landlockAbi}` : "no"],
        ["seccomp", caps.seccomp ? "yes" : "no"],
        ["user namespaces", caps.userNamespaces ? "yes" : "no"],
        ["mount namespaces", caps.mountNamespaces ? "yes" : "no"],
        ["Seatbelt", caps.seatbelt ? "yes" : "no"],
        [
          "process limit",
          caps.processLimit === "none" ? st.red("NOT ENFORCED") : caps.processLimit,
        ],
        ["levels", data.available_levels.join(", ")],
      ]));
      out.push(st.bold("Configuration") + "\n");
      const p = box?.policy;
      out.push(aligned([
        ["enabled", String(s.enabled)],
        ["level", `${s.level} → ${box ? st.green(box.level) : st.red("unavailable")}`],
        ["backend", box?.backend ?? "-"],
        ["timeout", `${s.timeout_secs} s`],
        ["max output", mib(s.max_output_bytes)],
        ["max file size", mib(s.max_file_size_bytes)],
        ["max processes", String(s.max_processes)],
        ["network", s.network.policy],
        ["workspace (rw)", loaded.paths.workspace],
        [
          "workspace root",
          box
            ? (box.workspaceRoot.writable ? "" : st.red("READ-ONLY ")) + box.workspaceRoot.detail
            : "-",
        ],
        ["allow read", s.allow_paths.read.join(", ") || "-"],
        ["allow write", s.allow_paths.write.join(", ") || "-"],
        ["protected", p ? p.protectedFiles.join(", ") : "-"],
        ["denied syscalls", data.denied_syscalls.join(", ") || "-"],
      ]));
      ctx.output.out(out.join(""));
      for (const i of p?.ignored ?? []) {
        ctx.output.err(`warning: ignored "${i.path}": ${i.reason}\n`);
      }
      if (error) ctx.output.err(`error: ${error}\n`);
    });

  sandbox.command("test")
    .description("run the six sandbox probes and print PASS/FAIL for each")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const box = await sandboxFromConfig(loaded, ctx.host.home);
      const results = await runProbes(box);
      if (results.some((r) => !r.pass)) ctx.exitCode = 1;
      if (opts.json) {
        return printJson(
          ctx.output,
          snakeKeysDeep({ level: box.level, backend: box.backend, probes: results }),
        );
      }
      const st = styles(ctx.output);
      ctx.output.out(`Sandbox level ${box.level} (${box.backend})\n`);
      for (const r of results) {
        const tag = r.pass ? st.green("PASS") : st.red("FAIL");
        ctx.output.out(`  ${tag}  ${r.name}  ${st.dim(r.detail)}\n`);
      }
      const passed = results.filter((r) => r.pass).length;
      ctx.output.out(`${passed}/${results.length} passed\n`);
    });

  sandbox.command("run")
    .description("run one command under the configured policy (exit code = the command's)")
    .argument(
      "<command...>",
      "after --: one argument is a shell command line; several are a program and its " +
        "arguments, run exactly as given",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt sandbox run -- 'echo a && ls | wc -l'   (one shell command line)\n" +
        '  localgpt sandbox run -- ls -la "my notes"        (an argv, run as given)',
    )
    .option("--json", "print the result as JSON")
    .option("--timeout <seconds>", "wall-clock limit (default: sandbox.timeout_secs)")
    .action(async (words: string[], opts: { json?: boolean; timeout?: string }) => {
      const loaded = await ctx.load();
      const box = await sandboxFromConfig(loaded, ctx.host.home);
      const timeoutMs = opts.timeout === undefined ? undefined : Number(opts.timeout) * 1000;
      if (timeoutMs !== undefined && !(timeoutMs > 0)) {
        throw new UsageError(`Cannot use --timeout "${opts.timeout}": expected seconds > 0`);
      }
      const result = await box.exec(commandLineFromWords(words), { timeoutMs });
      ctx.exitCode = result.code;
      if (opts.json) return printJson(ctx.output, snakeKeysDeep({ level: box.level, ...result }));
      ctx.output.out(result.stdout);
      ctx.output.err(result.stderr);
      if (result.timedOut) ctx.output.err(`[killed: timed out]\n`);
    });
}
