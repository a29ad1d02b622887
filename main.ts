/** Entry point: argv → app. The only place that calls `Deno.exit`. */
import { readHostEnv } from "./src/config/mod.ts";
import { runCli, terminalOutput } from "./src/app/mod.ts";

if (import.meta.main) {
  const host = readHostEnv();
  const code = await runCli(Deno.args, terminalOutput(host.vars), host);
  Deno.exit(code);
}
