/** Runs the real CLI as a subprocess, with the same permission set as `deno task localgpt`. */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What a CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `localgpt <args>` from source with only `vars` as its environment. */
export async function runLocalgpt(
  args: string[],
  options: { vars: Record<string, string>; stdin?: string; cwd?: string },
): Promise<CliRun> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-P=localgpt", `--config=${ROOT}deno.json`, `${ROOT}main.ts`, ...args],
    env: options.vars,
    clearEnv: true,
    cwd: options.cwd ?? ROOT,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Runs the CLI in-process with captured output (fast; for everything but process-level checks). */
export async function runCliCaptured(
  args: string[],
  host: import("../../src/config/mod.ts").HostEnv,
): Promise<CliRun> {
  const { runCli } = await import("../../src/app/mod.ts");
  let stdout = "";
  let stderr = "";
  const output = {
    out: (s: string) => void (stdout += s),
    err: (s: string) => void (stderr += s),
    isTty: false,
    color: false,
  };
  const code = await runCli(args, output, host);
  return { code, stdout, stderr };
}

/** Starts `localgpt <args>` from source without waiting (stdout and stderr discarded). */
export function spawnLocalgpt(
  args: string[],
  options: { vars: Record<string, string>; stdout?: "piped" | "null" },
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-P=localgpt", `--config=${ROOT}deno.json`, `${ROOT}main.ts`, ...args],
    env: options.vars,
    clearEnv: true,
    cwd: ROOT,
    stdin: "null",
    stdout: options.stdout ?? "null",
    stderr: "null",
  }).spawn();
}
