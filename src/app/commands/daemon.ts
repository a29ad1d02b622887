/** `localgpt daemon start|stop|restart|status|logs`: the background service (HTTP API + web UI). */
import { type Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../context.ts";
import { aligned, printJson } from "../output.ts";
import type { LoadedConfig } from "../../config/mod.ts";
import type { DaemonStatus } from "../daemon/control.ts";

function parseLines(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function globalArgs(ctx: CliContext): string[] {
  const g = ctx.globals();
  return [
    ...(g.config ? ["-c", g.config] : []),
    ...(g.agent ? ["-a", g.agent] : []),
    ...(g.profile ? ["-p", g.profile] : []),
  ];
}

async function start(ctx: CliContext, opts: { foreground?: boolean }): Promise<void> {
  const loaded = await ctx.load();
  const control = await import("../daemon/control.ts");
  const running = await control.daemonStatus(loaded);
  if (running.running) {
    ctx.output.err(`Daemon is already running (pid ${running.pid}) at ${running.address ?? "?"}\n`);
    ctx.exitCode = 1;
    return;
  }
  if (opts.foreground) {
    const { runDaemon } = await import("../daemon/server.ts");
    await runDaemon(loaded, {
      host: ctx.host,
      print: (line) => ctx.output.out(line + "\n"),
      echoLog: true,
    });
    return;
  }
  const info = await control.startDetached(loaded, globalArgs(ctx));
  const { createLoginCode } = await import("../daemon/token.ts");
  ctx.output.out(`Daemon started successfully (pid ${info.pid})\n`);
  if (loaded.config.telegram.enabled) {
    const { readTelegramStatus } = await import("../../channels/telegram/mod.ts");
    const t = await readTelegramStatus(loaded.paths.stateDir);
    ctx.output.out(
      t?.connected
        ? `Telegram: enabled (@${t.bot_username})\n`
        : `Telegram: not running (${t?.last_error ?? "see localgpt daemon logs"})\n`,
    );
  }
  ctx.output.out(`Server: ${info.address ?? "disabled (server.enabled = false)"}\n`);
  if (info.address) {
    const code = await createLoginCode(loaded.paths.stateDir);
    ctx.output.out(`Login:  ${info.address}/login?code=${code}\n`);
  }
  ctx.output.out(`Logs:   localgpt daemon logs -f\n`);
}

async function stop(ctx: CliContext, loaded: LoadedConfig): Promise<boolean> {
  const control = await import("../daemon/control.ts");
  const status = await control.daemonStatus(loaded);
  if (!status.running) {
    if (status.stale_pid !== undefined) {
      await Deno.remove(loaded.paths.pidFile).catch(() => {});
      ctx.output.out(
        `Daemon is not running (removed a stale pid file of pid ${status.stale_pid})\n`,
      );
    } else ctx.output.out("Daemon is not running\n");
    return false;
  }
  if (!await control.stopDaemon(loaded, status.pid!)) {
    throw new Error(`Cannot stop the daemon (pid ${status.pid}): still running after 5 s`);
  }
  ctx.output.out(`Daemon stopped (pid ${status.pid})\n`);
  return true;
}

function telegramLine(s: import("../daemon/control.ts").DaemonStatus): string {
  const t = s.telegram;
  if (!t) return "off";
  const who = t.paired_user
    ? `paired with ${t.paired_user.username ? `@${t.paired_user.username}` : t.paired_user.user_id}`
    : "not paired";
  const bot = t.bot_username ? ` @${t.bot_username}` : "";
  if (!t.connected) return `not connected${bot}${t.last_error ? `: ${t.last_error}` : ""}`;
  return `running${bot}, ${who}`;
}

/** The heartbeat and cron lines of `daemon status`. */
function backgroundRows(s: DaemonStatus, now = Date.now()): [string, string][] {
  const hb = s.heartbeat;
  const parts = [hb.running ? "running" : hb.enabled ? "enabled, not running" : "disabled"];
  parts.push(`every ${hb.interval}`);
  if (hb.timeout) parts.push(`timeout ${hb.timeout}`);
  if (hb.active_hours) {
    parts.push(`active ${hb.active_hours.start}-${hb.active_hours.end} ${hb.timezone}`);
  }
  const rows: [string, string][] = [["Heartbeat", parts.join(", ")]];
  if (hb.next_run) {
    rows.push(["Next heartbeat", `${hb.next_run} (${relative(Date.parse(hb.next_run) - now)})`]);
  }
  const last = hb.last_event;
  rows.push([
    "Last heartbeat",
    last
      ? `${last.status} ${last.age_seconds} s ago${last.reason ? ` (${last.reason})` : ""}`
      : "never",
  ]);
  if (hb.today) {
    const budget = hb.max_tokens_per_day ? ` of ${hb.max_tokens_per_day}` : "";
    rows.push([
      "Heartbeat today",
      `${hb.today.tokens}${budget} tokens, $${hb.today.cost.toFixed(4)}`,
    ]);
  }
  const jobs = s.cron.jobs;
  rows.push([
    "Cron jobs",
    jobs.length === 0
      ? "none"
      : `${jobs.filter((j) => j.enabled).length} enabled of ${jobs.length}`,
  ]);
  for (const j of jobs) {
    const state = j.running ? "running" : j.last_run ? `last ${j.last_run.status}` : "never run";
    rows.push([`  ${j.name}`, `${j.schedule}; ${state}; next ${j.next_run ?? "-"}`]);
  }
  return rows;
}

function relative(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s <= 0) return "due";
  if (s < 120) return `in ${s} s`;
  if (s < 7200) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
}

/** Adds the `daemon` command tree. */
export function registerDaemon(program: Command, ctx: CliContext): void {
  const daemon = program
    .command("daemon")
    .description(
      "run the assistant in the background: HTTP API, web UI, heartbeat, cron, memory watcher",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt daemon start\n  localgpt daemon status\n  localgpt daemon heartbeat\n  localgpt daemon logs -f\n  localgpt daemon stop",
    );
  daemon
    .command("start")
    .description("start the daemon (detached unless --foreground)")
    .option("-f, --foreground", "stay attached and print the log")
    .addHelpText("after", "\nExamples:\n  localgpt daemon start\n  localgpt daemon start -f")
    .action((opts: { foreground?: boolean }) => start(ctx, opts));
  daemon
    .command("stop")
    .description("stop the daemon (SIGTERM, waits up to 5 s)")
    .addHelpText("after", "\nExamples:\n  localgpt daemon stop")
    .action(async () => {
      if (!await stop(ctx, await ctx.load())) ctx.exitCode = 1;
    });
  daemon
    .command("restart")
    .description("stop the daemon if it runs, then start it")
    .option("-f, --foreground", "stay attached and print the log")
    .addHelpText("after", "\nExamples:\n  localgpt daemon restart")
    .action(async (opts: { foreground?: boolean }) => {
      await stop(ctx, await ctx.load());
      await start(ctx, opts);
    });
  daemon
    .command("status")
    .description("show whether the daemon runs: pid, uptime, address, services, login link")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt daemon status\n  localgpt daemon status --json")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const { daemonStatus } = await import("../daemon/control.ts");
      const { createLoginCode, ensureApiToken } = await import("../daemon/token.ts");
      const s = await daemonStatus(loaded);
      const token = s.running ? await ensureApiToken(loaded.paths.stateDir) : undefined;
      const login = s.running && s.address
        ? `${s.address}/login?code=${await createLoginCode(loaded.paths.stateDir)}`
        : undefined;
      if (opts.json) return printJson(ctx.output, { ...s, ...(login ? { login_url: login } : {}) });
      const files: [string, string][] = [
        ["Workspace", s.workspace],
        ["Pid file", s.pid_file],
        ["Logs", s.logs_dir],
        ["Token file", s.token_file],
      ];
      if (!s.running) {
        const stale = s.stale_pid !== undefined
          ? ` (stale pid file: pid ${s.stale_pid} is gone)`
          : "";
        ctx.output.out(
          `Daemon is not running${stale}\n` + aligned([...backgroundRows(s), ...files]),
        );
        return;
      }
      const on = (b: boolean) => (b ? "running" : "off");
      // One table, so every value lines up.
      ctx.output.out(
        `Daemon is running\n` + aligned([
          ["PID", String(s.pid)],
          ["Uptime", `${s.uptime_seconds ?? 0} s`],
          ["Server", s.address ?? "?"],
          ["Login", login ?? "-"],
          ["Token", token ?? "-"],
          ["HTTP", on(s.services.http)],
          ["Memory watcher", on(s.services.memory_watcher)],
          ["Telegram", telegramLine(s)],
          ...(s.telegram?.pending_code
            ? [[
              "Pairing code",
              `${s.telegram.pending_code} (send it to the bot; expires ${
                s.telegram.pending_code_expires_at?.slice(11, 16) ?? "?"
              } UTC)`,
            ] as [string, string]]
            : []),
          ...backgroundRows(s),
          ...files,
        ]),
      );
    });
  daemon
    .command("heartbeat")
    .description("run one heartbeat tick now, in the foreground (no daemon needed)")
    .option("--json", "print the tick's event as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt daemon heartbeat\n  localgpt daemon heartbeat --json",
    )
    .action(async (opts: { json?: boolean }) => {
      const { runHeartbeatCommand } = await import("./heartbeat_run.ts");
      await runHeartbeatCommand(ctx, opts);
    });
  daemon
    .command("logs")
    .description("print the daemon's log (the newest daily files)")
    .option("-n, --lines <count>", "lines to print", parseLines, 50)
    .option("-f, --follow", "keep printing new lines until Ctrl-C")
    .addHelpText("after", "\nExamples:\n  localgpt daemon logs -n 100\n  localgpt daemon logs -f")
    .action(async (opts: { lines: number; follow?: boolean }) => {
      const loaded = await ctx.load();
      const { tailLogs } = await import("../daemon/log_file.ts");
      const lines = await tailLogs(loaded.paths.logsDir, opts.lines);
      if (lines.length) ctx.output.out(lines.join("\n") + "\n");
      if (!opts.follow) return;
      const { followLogs } = await import("../daemon/control.ts");
      const abort = new AbortController();
      const onInt = () => abort.abort();
      Deno.addSignalListener("SIGINT", onInt);
      try {
        await followLogs(loaded.paths.logsDir, (t) => ctx.output.out(t), abort.signal);
      } finally {
        Deno.removeSignalListener("SIGINT", onInt);
      }
    });
}
