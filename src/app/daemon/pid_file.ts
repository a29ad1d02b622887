/**
 * The daemon's pid file with an exclusive lock held for the daemon's life: a second daemon cannot
 * take it, and a pid file left by a killed daemon is unlocked, so it is detected as stale.
 */
import { dirname } from "node:path";

/** What the pid file records. */
export interface PidInfo {
  pid: number;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** `http://127.0.0.1:31327`, once the server listens (undefined when the server is off). */
  address?: string;
  /** True once every service started. */
  ready?: boolean;
}

/** A held pid file; `release()` unlocks and removes it. */
export interface PidLock {
  update(info: PidInfo): Promise<void>;
  release(): Promise<void>;
}

/** Why `acquirePidFile()` failed: another daemon holds the lock. */
export class DaemonRunningError extends Error {
  constructor(readonly info: PidInfo | undefined) {
    super(`Cannot start the daemon: already running${info ? ` (pid ${info.pid})` : ""}`);
    this.name = "DaemonRunningError";
  }
}

/** Parses a pid file's text (JSON, or a bare pid written by other tools). */
export function parsePidInfo(text: string): PidInfo | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startedAt: 0 };
  try {
    const v = JSON.parse(trimmed);
    if (typeof v?.pid === "number") {
      return {
        pid: v.pid,
        startedAt: Number(v.startedAt) || 0,
        address: v.address,
        ready: v.ready,
      };
    }
  } catch {
    // Unreadable: treated as no pid file.
  }
  return undefined;
}

/**
 * Takes the pid file for this process; throws DaemonRunningError when a live daemon holds it.
 * A stale file (its daemon died) is replaced; `stale` tells the caller so it can log it.
 */
export async function acquirePidFile(
  path: string,
  info: PidInfo,
): Promise<PidLock & { stale?: PidInfo }> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
  if (!await file.tryLock(true)) {
    file.close();
    throw new DaemonRunningError(await readPidFile(path));
  }
  const old = parsePidInfo(await Deno.readTextFile(path).catch(() => ""));
  const stale = old && old.pid !== info.pid ? old : undefined;
  const write = async (i: PidInfo) => {
    await file.truncate(0);
    await file.seek(0, Deno.SeekMode.Start);
    const bytes = new TextEncoder().encode(JSON.stringify(i) + "\n");
    let at = 0;
    while (at < bytes.length) at += await file.write(bytes.subarray(at));
  };
  await write(info);
  return {
    stale,
    update: (i) => write(i),
    async release() {
      await Deno.remove(path).catch(() => {});
      file.close();
    },
  };
}

/** Reads the pid file, or undefined when there is none. */
export async function readPidFile(path: string): Promise<PidInfo | undefined> {
  const text = await Deno.readTextFile(path).catch(() => undefined);
  return text === undefined ? undefined : parsePidInfo(text);
}

/** Whether a live daemon holds the pid file (its lock is taken). */
export async function daemonRunning(path: string): Promise<PidInfo | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true, write: true });
  } catch {
    return undefined;
  }
  try {
    if (await file.tryLock(true)) {
      await file.unlock();
      return undefined;
    }
    return await readPidFile(path);
  } finally {
    file.close();
  }
}
