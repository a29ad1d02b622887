/** `localgpt daemon heartbeat`: one tick in the foreground, whether or not a daemon runs. */
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";
import type { HeartbeatEvent } from "../../heartbeat/mod.ts";

/** Runs one tick and prints its outcome; exit 1 when it failed, timed out or could not run. */
export async function runHeartbeatCommand(
  ctx: CliContext,
  opts: { json?: boolean },
): Promise<void> {
  const loaded = await ctx.load();
  const { paths, config } = loaded;
  const hb = await import("../../heartbeat/mod.ts");
  const holder = await hb.workspaceLockHolder(paths.workspaceLock);
  if (holder) return refuse(ctx, opts, holder);
  const { setupAgent } = await import("../agent_setup.ts");
  const { heartbeatSettings } = await import("../background_config.ts");
  const setup = await setupAgent(loaded, ctx.host, {
    model: config.heartbeat.model,
    tools: { noApproval: true },
    warn: (text) => ctx.output.err(text),
  });
  const abort = new AbortController();
  const onInt = () => abort.abort();
  Deno.addSignalListener("SIGINT", onInt);
  let delivered = "";
  let event: HeartbeatEvent;
  try {
    event = await hb.runHeartbeatTick({
      settings: await heartbeatSettings(config, setup.choice.model),
      workspace: paths.workspace,
      statePath: paths.heartbeatState,
      sessionDeps: setup.deps,
      deliver: (d) => Promise.resolve(void (delivered = d.text)),
      lock: () => hb.tryWorkspaceLock(paths.workspaceLock, { pid: Deno.pid, what: "heartbeat" }),
    }, { manual: true, signal: abort.signal });
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    setup.close();
  }
  if (event.status === "skipped_may_try" && /workspace lock/.test(event.reason ?? "")) {
    return refuse(ctx, opts, await hb.workspaceLockHolder(paths.workspaceLock));
  }
  const failed = event.status === "failed" || event.status === "timed_out";
  if (failed || event.status === "skipped_may_try") ctx.exitCode = 1;
  if (opts.json) return printJson(ctx.output, { event, ...(delivered ? { text: delivered } : {}) });
  if (event.status === "ok") ctx.output.out("Heartbeat completed: No tasks needed attention\n");
  else if (event.status === "sent") ctx.output.out(delivered + "\n");
  else if (failed) ctx.output.err(`Heartbeat ${event.status.replace("_", " ")}: ${event.reason}\n`);
  else ctx.output.out(`Heartbeat skipped: ${event.reason}\n`);
}

function refuse(
  ctx: CliContext,
  opts: { json?: boolean },
  holder: { pid: number; what: string } | undefined,
): void {
  ctx.exitCode = 1;
  const who = holder ? `${holder.what} (pid ${holder.pid})` : "another process";
  const message =
    `Cannot run a heartbeat now: ${who} is working in the workspace; try again when it finishes`;
  if (opts.json) return printJson(ctx.output, { error: message });
  ctx.output.err(message + "\n");
}
