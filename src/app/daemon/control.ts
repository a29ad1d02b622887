/** Controlling a daemon from another process: start detached, stop, status, follow logs. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedConfig } from "../../config/mod.ts";
import { daemonRunning, type PidInfo, readPidFile } from "./pid_file.ts";
import { logFiles } from "./log_file.ts";
import { daemonSecretsDir } from "./token.ts";
import { readTelegramStatus, type TelegramStatus } from "../../channels/telegram/mod.ts";

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
}

/** Reads the daemon's state from the pid file and its lock. */
export async function daemonStatus(loaded: LoadedConfig, now = Date.now()): Promise<DaemonStatus> {
  const { paths, config } = loaded;
  const live = await daemonRunning(paths.pidFile);
  const onDisk = live ? undefined : await readPidFile(paths.pidFile);
  const telegram = live && config.telegram.enabled
    ? await readTelegramStatus(paths.stateDir)
    : undefined;
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
      heartbeat: false,
      telegram: !!telegram?.connected,
    },
    ...(telegram ? { telegram } : {}),
    workspace: paths.workspace,
    pid_file: paths.pidFile,
    logs_dir: paths.logsDir,
    token_file: join(daemonSecretsDir(paths.stateDir), "api_token"),
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
