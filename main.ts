/** Entry point: argv → app. The only place that calls `Deno.exit`. */
import { SANDBOX_EXEC_ARG, VERSION } from "./src/core/mod.ts";

/**
 * Imports one of the program's entry modules when it is needed. The specifier is computed, so
 * `deno run` does not read the whole program's module graph before `--version` can answer;
 * `compile.ts` names these modules (`LAZY_ENTRIES`) so the binary embeds them.
 */
const lazy = <T>(path: string): Promise<T> => import(new URL(path, import.meta.url).href);

if (import.meta.main) {
  // The sandbox re-executes this program; that hidden entry never reaches the CLI parser.
  if (Deno.args[0] === SANDBOX_EXEC_ARG) {
    const { runSandboxChild } = await lazy<typeof import("./src/sandbox/mod.ts")>(
      "./src/sandbox/mod.ts",
    );
    Deno.exit(runSandboxChild(Deno.args.slice(1)));
  }
  // `--version` alone needs no parser, config or npm package: answer before loading them.
  if (Deno.args.length === 1 && Deno.args[0] === "--version") {
    console.log(VERSION);
    Deno.exit(0);
  }
  const { readHostEnv } = await lazy<typeof import("./src/config/mod.ts")>("./src/config/mod.ts");
  const { runCli, terminalOutput } = await lazy<typeof import("./src/app/mod.ts")>(
    "./src/app/mod.ts",
  );
  const host = readHostEnv();
  const code = await runCli(Deno.args, terminalOutput(host.vars), host);
  Deno.exit(code);
}
