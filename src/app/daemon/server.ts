/**
 * The daemon process: pid lock, daily log, API token, memory watcher, the Telegram bot and the
 * HTTP server; shuts down cleanly on SIGTERM/SIGINT (running turns aborted and saved, polling
 * stopped, port released, pid removed).
 */
import type { HostEnv, LoadedConfig } from "../../config/mod.ts";
import { createHttpApp } from "../../channels/http/mod.ts";
import { openMemory, startMemoryWatcher } from "../memory.ts";
import { startIdleUnload } from "./local_model.ts";
import { acquirePidFile, type PidInfo, type PidLock } from "./pid_file.ts";
import { createDaemonLog, pruneLogs } from "./log_file.ts";
import { createDaemonBackend, createDaemonDeps } from "./deps.ts";
import { serverUrl } from "./security.ts";
import { createLoginCode, ensureApiToken } from "./token.ts";
import { ensureWebBundle } from "./web_assets.ts";
import { startDaemonTelegram } from "./telegram.ts";
import { createSessionStore } from "../../agent/mod.ts";
import { formatDuration } from "../../config/mod.ts";
import { startBackground } from "./background.ts";
import { createDeliveryHub } from "./deliveries.ts";
import { createEventBus } from "./event_bus.ts";

/** Sessions are pruned at start and then this often (agent.session_max_age / _count). */
export const PRUNE_INTERVAL_MS = 60 * 60_000;

/** Options of `runDaemon()`. */
export interface RunDaemonOptions {
  host: HostEnv;
  /** Where startup lines go (foreground: the terminal). */
  print(line: string): void;
  /** Also print every log line (foreground mode). */
  echoLog?: boolean;
  /** Stops the daemon like SIGTERM (tests). */
  signal?: AbortSignal;
}

/** Runs the daemon until SIGTERM/SIGINT (or `signal`); resolves after a clean shutdown. */
export async function runDaemon(loaded: LoadedConfig, options: RunDaemonOptions): Promise<void> {
  const { paths } = loaded;
  const startedAt = Date.now();
  // Listening before the pid file exists: a Ctrl-C at any moment after it is taken removes it.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGTERM", "SIGINT"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  options.signal?.addEventListener("abort", onSignal, { once: true });
  try {
    const lock = await acquirePidFile(paths.pidFile, { pid: Deno.pid, startedAt });
    try {
      if (!stop.signal.aborted) {
        await serve(loaded, options, { lock, stop: stop.signal, startedAt });
      }
    } finally {
      await lock.release();
    }
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}

/** The daemon's life between taking the pid file and releasing it. */
async function serve(
  loaded: LoadedConfig,
  options: RunDaemonOptions,
  run: { lock: PidLock & { stale?: PidInfo }; stop: AbortSignal; startedAt: number },
): Promise<void> {
  const { config, paths } = loaded;
  const { lock, stop, startedAt } = run;
  const log = createDaemonLog(paths.logsDir, {
    echo: options.echoLog ? (line) => options.print(line.trimEnd()) : undefined,
  });
  try {
    if (lock.stale) log.warn(`replaced a stale pid file (pid ${lock.stale.pid} is not running)`);
    await pruneLogs(paths.logsDir, config.logging.retention_days, new Date());
    const token = await ensureApiToken(paths.stateDir);
    const webError = await ensureWebBundle();
    if (webError) log.warn(webError);
    const memory = openMemory(loaded, { home: options.host.home });
    const store = createSessionStore({ dir: paths.sessionsDir });
    // A refused start (e.g. strict_policy with a tampered LocalGPT.md) leaves nothing running.
    let userTurns = 0;
    const onTurn = () => {
      userTurns++;
      let ended = false;
      return () => void (!ended && (ended = true, userTurns--));
    };
    const backend = await createDaemonBackend(loaded, options.host, log, { store, memory, onTurn })
      .catch((error) => {
        memory.close();
        throw error;
      });
    memory.sync().catch((e) => log.warn(`memory sync failed: ${(e as Error).message}`));
    const watcher = startMemoryWatcher(memory, {
      debounceMs: 500,
      onError: (e) => log.warn(`memory watcher: ${(e as Error).message}`),
    });
    const prune = () =>
      store.prune({
        maxAgeMs: config.agent.session_max_age,
        maxCount: config.agent.session_max_count,
      }).then(
        (ids) => ids.length > 0 && log.info(`pruned ${ids.length} old sessions`),
        (e) => log.warn(`session pruning failed: ${(e as Error).message}`),
      );
    await prune();
    const pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
    const telegram = await startDaemonTelegram(loaded, options.host, {
      store,
      memory,
      log,
      defaultModel: backend.defaultModel(),
      models: () => backend.models(),
      onTurn,
    });
    const bus = createEventBus();
    const hub = createDeliveryHub(log);
    hub.add((d) => {
      bus.publish({
        type: "delivery",
        source: d.source,
        ...(d.name ? { name: d.name } : {}),
        text: d.text,
        ts: d.ts,
        ...(d.sessionId ? { session_id: d.sessionId } : {}),
      });
      return Promise.resolve();
    });
    // Heartbeat and cron results reach the paired Telegram user too.
    if (telegram.bot) hub.add(telegram.bot.deliver);
    const background = await startBackground(loaded, {
      host: options.host,
      log,
      store,
      memory,
      hub,
      bus,
      defaultModel: backend.defaultModel(),
      busy: () => (userTurns > 0 ? `a user turn is running (${userTurns})` : undefined),
    });
    const stopIdleUnload = startIdleUnload({ idleMs: config.providers.local.idle_unload, log });
    const deps = createDaemonDeps({
      loaded,
      host: options.host,
      backend,
      memory,
      token,
      startedAt,
      log,
      telegram: () => telegram.bot?.status(),
      background,
      bus,
    });
    const server = config.server.enabled
      ? listen(config.server, createHttpApp(deps).fetch)
      : undefined;
    const url = server ? serverUrl(config.server.bind, server.addr.port) : undefined;
    await lock.update({ pid: Deno.pid, startedAt, address: url, ready: true });
    log.info(
      `daemon started (pid ${Deno.pid}), server ${
        url ?? "disabled"
      }, model ${backend.defaultModel()}`,
    );
    options.print("Daemon started successfully");
    options.print(telegram.line);
    options.print(`Server: ${url ?? "disabled (server.enabled = false)"}`);
    options.print(`Model: ${backend.defaultModel()}`);
    // Printed from the runner's state, not the config: only a runner that really started says so.
    const hb = background.heartbeat;
    options.print(
      hb?.running
        ? `Heartbeat: enabled (interval: ${formatDuration(background.settings.intervalMs)})`
        : "Heartbeat: disabled",
    );
    const jobs = background.cron?.status().length ?? 0;
    options.print(`Cron: ${jobs === 0 ? "no jobs" : `${jobs} job${jobs === 1 ? "" : "s"}`}`);
    if (hb?.running) {
      log.info(`heartbeat runner started, next tick ${new Date(hb.nextRun()!).toISOString()}`);
    }
    if (url) options.print(`Login: ${url}/login?code=${await createLoginCode(paths.stateDir)}`);
    if (!stop.aborted) {
      await new Promise((resolve) => stop.addEventListener("abort", resolve, { once: true }));
    }
    log.info("shutting down: aborting running turns");
    // Turns first: their event streams end, so the server's graceful shutdown does not wait on them.
    clearInterval(pruneTimer);
    // Background work first (its deliveries may go to Telegram), then the bot: its running turns
    // end (saved) and no new ones start.
    await background.stop();
    await telegram.bot?.stop();
    bus.close();
    stopIdleUnload();
    await backend.close();
    if (server) await withTimeout(server.shutdown(), 3000);
    watcher.close();
    memory.close();
    log.info("daemon stopped");
  } finally {
    await log.flush();
  }
}

function listen(
  server: { bind: string; port: number },
  handler: Deno.ServeHandler,
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({ hostname: server.bind, port: server.port, onListen() {} }, handler);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new Error(`Cannot listen on ${server.bind}:${server.port}: the port is in use`);
    }
    throw error;
  }
}

function withTimeout(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise((resolve) => timer = setTimeout(resolve, ms));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
