/** Entry point: argv → app. The only place that calls `Deno.exit`. */
import { runSandboxChild, SANDBOX_EXEC_ARG } from "./src/sandbox/mod.ts";

if (import.meta.main) {
  // The sandbox re-executes this program; that hidden entry never reaches the CLI parser.
  if (Deno.args[0] === SANDBOX_EXEC_ARG) Deno.exit(runSandboxChild(Deno.args.slice(1)));
  const { readHostEnv } = await import("./src/config/mod.ts");
  const { runCli, terminalOutput } = await import("./src/app/mod.ts");
  const host = readHostEnv();
  const code = await runCli(Deno.args, terminalOutput(host.vars), host);
  Deno.exit(code);
}
