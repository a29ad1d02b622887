/** Runs a model CLI as a subprocess and yields the JSON objects it prints, one per line. */
import { ProviderError } from "../../core/mod.ts";
import { readLines } from "../sse.ts";

/** What to run and how to explain a missing binary. */
export interface CliRun {
  provider: string;
  command: string;
  args: string[];
  cwd?: string;
  signal?: AbortSignal;
  /** One-line fix shown when the binary is missing, e.g. "install Claude Code: npm i -g …". */
  installHint: string;
  /** Config key of the command, e.g. `providers.claude_cli.command`. */
  commandKey: string;
}

/** Spawns the CLI; yields parsed JSON lines (non-JSON lines are skipped); throws ProviderError. */
export async function* runJsonCli(run: CliRun): AsyncGenerator<Record<string, unknown>> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(run.command, {
      args: run.args,
      cwd: run.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ProviderError(
        "invalid_request",
        `Cannot run "${run.command}" for "${run.provider}": not found on PATH; ${run.installHint}, ` +
          `or set ${run.commandKey}`,
        { cause: error, retryable: false },
      );
    }
    throw new ProviderError(
      "invalid_request",
      `Cannot run "${run.command}" for "${run.provider}": ${(error as Error).message}`,
      { cause: error, retryable: false },
    );
  }
  const kill = () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
  };
  run.signal?.addEventListener("abort", kill, { once: true });
  const stderr = new Response(child.stderr).text();
  try {
    for await (const line of readLines(child.stdout)) {
      const trimmed = line.trim();
      if (!trimmed.startsWith("{")) continue;
      try {
        yield JSON.parse(trimmed);
      } catch {
        // a partial or non-JSON log line: the CLIs interleave these
      }
    }
    const status = await child.status;
    const errText = (await stderr).trim();
    if (run.signal?.aborted) throw new DOMException("aborted", "AbortError");
    if (!status.success) {
      const last = errText.split("\n").filter(Boolean).at(-1) ?? "";
      throw new ProviderError(
        "server",
        `Cannot stream from "${run.provider}": "${run.command}" exited with code ${status.code}${
          last ? `: ${last}` : ""
        }`,
        { retryable: false },
      );
    }
  } finally {
    run.signal?.removeEventListener("abort", kill);
    kill();
    await child.status.catch(() => {});
  }
}

/** The last user message's text: what CLI providers send as the prompt. */
export function lastUserText(
  messages: { role: string; content: unknown }[],
): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    return (m.content as { type: string; text?: string }[])
      .map((p) => (p.type === "text" ? p.text : "")).join("");
  }
  return "";
}
