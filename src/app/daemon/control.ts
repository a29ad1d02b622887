/** Controlling a daemon from another process: start detached, stop, status, follow logs. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedConfig } from "../../config/mod.ts";
import { daemonRunning, type PidInfo, readPidFile } from "./pid_file.ts";
import { logFiles } from "./log_file.ts";
import { daemonSecretsDir, ensureApiToken } from "./token.ts";
import { readTelegramStatus, type TelegramStatus } from "../../channels/telegram/mod.ts";
import type { CronJobJson, HeartbeatStatus } from "../../channels/http/mod.ts";
import { cronJobs, heartbeatSettings } from "../background_config.ts";
import { cronListJson, heartbeatStatusJson } from "../background_status.ts";

/** What `daemon status` reports. */
export interface DaemonStatus {
  running: boolean;
  pid?: number;
  uptime_seconds?: number;
  address?: string;
  /** A pid file whose daemon is gone. */
  stale_pid?: number;
  services: { http: boolean; memory_watcher: boolean; heartbeat: boolean; telegram: boolean };
  /** The running bot's state (bot name, paired user, a pending pairing code, last error). */
  telegram?: TelegramStatus;
  workspace: string;
  pid_file: string;
  logs_dir: string;
  token_file: string;
  /** The running daemon's heartbeat (its `/api/heartbeat/status`), else what the state file says. */
  heartbeat: HeartbeatStatus;
  cron: { jobs: CronJobJson[] };
}

/** Reads the daemon's state from the pid file and its lock. */
export async function daemonStatus(loaded: LoadedConfig, now = Date.now()): Promise<DaemonStatus> {
  const { paths, config } = loaded;
  const live = await daemonRunning(paths.pidFile);
  const onDisk = live ? undefined : await readPidFile(paths.pidFile);
  const telegram = live && config.telegram.enabled
    ? await readTelegramStatus(paths.stateDir)
    : undefined;
  const background = await backgroundStatus(loaded, live?.address, now);
  return {
    running: !!live,
    ...(live
      ? {
        pid: live.pid,
        uptime_seconds: live.startedAt ? Math.floor((now - live.startedAt) / 1000) : undefined,
        address: live.address,
      }
      : {}),
    ...(onDisk ? { stale_pid: onDisk.pid } : {}),
    services: {
      http: !!live && config.server.enabled,
      memory_watcher: !!live,
      heartbeat: !!live && background.heartbeat.running === true,
      telegram: !!telegram?.connected,
    },
    ...(telegram ? { telegram } : {}),
    workspace: paths.workspace,
    pid_file: paths.pidFile,
    logs_dir: paths.logsDir,
    token_file: join(daemonSecretsDir(paths.stateDir), "api_token"),
    ...background,
  };
}

/** Asks the running daemon over HTTP; without one (or when it cannot answer) reads the state files. */
async function backgroundStatus(
  loaded: LoadedConfig,
  address: string | undefined,
  now: number,
): Promise<{ heartbeat: HeartbeatStatus; cron: { jobs: CronJobJson[] } }> {
  const { config, paths } = loaded;
  if (address) {
    try {
      const token = config.server.auth_token ?? await ensureApiToken(paths.stateDir);
      const get = async (path: string) => {
        const res = await fetch(`${address}${path}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(3000),
        });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        return await res.json();
      };
      const [heartbeat, cron] = await Promise.all([get("/api/heartbeat/status"), get("/api/cron")]);
      return { heartbeat, cron };
    } catch {
      // An old or stuck daemon: fall back to the files.
    }
  }
  const { planJobs, readCronState, readHeartbeatState } = await import("../../heartbeat/mod.ts");
  const model = config.agent.default_model ?? "auto";
  const settings = await heartbeatSettings(config, model);
  const jobs = await cronJobs(config, model);
  const state = planJobs(jobs, await readCronState(paths.cronState), now);
  return {
    heartbeat: heartbeatStatusJson(settings, await readHeartbeatState(paths.heartbeatState), now),
    cron: { jobs: cronListJson(jobs, state) },
  };
}

/** The argv that re-runs this program as `daemon start --foreground` with the same globals. */
export function foregroundCommand(globalArgs: string[]): { cmd: string; args: string[] } {
  const tail = [...globalArgs, "daemon", "start", "--foreground"];
  if (Deno.build.standalone) return { cmd: Deno.execPath(), args: tail };
  const config = fileURLToPath(new URL("../../../deno.json", import.meta.url));
  const main = fileURLToPath(new URL("../../../main.ts", import.meta.url));
  return {
    cmd: Deno.execPath(),
    args: ["run", "-q", "-P=localgpt", `--config=${config}`, main, ...tail],
  };
}

/**
 * Starts the daemon in the background and waits until it listens (or fails). Returns its pid
 * info, or throws with what the daemon printed to stderr.
 */
export async function startDetached(
  loaded: LoadedConfig,
  globalArgs: string[],
  timeoutMs = 30_000,
): Promise<PidInfo> {
  const { cmd, args } = foregroundCommand(globalArgs);
  const child = new Deno.Command(cmd, {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    detached: true,
  }).spawn();
  let stderr = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      stderr += value;
    }
  })();
  let exited = false;
  const status = child.status.then((s) => (exited = true, s));
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const info = await daemonRunning(loaded.paths.pidFile);
      if (info?.ready && info.pid === child.pid) return info;
      if (exited) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!exited) {
      child.kill("SIGTERM");
      throw new Error(`Cannot start the daemon: not listening after ${timeoutMs / 1000} s`);
    }
    await status;
    await reading;
    const detail = stderr.trim().replace(/^error: /, "") || "it exited during startup";
    throw new Error(`Cannot start the daemon: ${detail}`);
  } finally {
    await reader.cancel().catch(() => {});
    child.unref();
  }
}

/** Sends SIGTERM and waits until the daemon released its pid file; false when it did not stop. */
export async function stopDaemon(
  loaded: LoadedConfig,
  pid: number,
  timeoutMs = 5000,
): Promise<boolean> {
  try {
    Deno.kill(pid, "SIGTERM");
  } catch {
    return !await daemonRunning(loaded.paths.pidFile);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!await daemonRunning(loaded.paths.pidFile)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Prints lines appended to the newest log file until `signal` aborts. */
export async function followLogs(
  dir: string,
  print: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let file = (await logFiles(dir)).at(-1);
  let offset = file ? (await Deno.stat(file)).size : 0;
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, 300));
    const newest = (await logFiles(dir)).at(-1);
    if (newest !== file) (file = newest, offset = 0);
    if (!file) continue;
    const size = (await Deno.stat(file).catch(() => undefined))?.size ?? 0;
    if (size <= offset) continue;
    const handle = await Deno.open(file);
    try {
      await handle.seek(offset, Deno.SeekMode.Start);
      const buf = new Uint8Array(size - offset);
      let read = 0;
      while (read < buf.length) {
        const n = await handle.read(buf.subarray(read));
        if (n === null) break;
        read += n;
      }
      print(new TextDecoder().decode(buf.subarray(0, read)));
      offset += read;
    } finally {
      handle.close();
    }
  }
}
