/**
 * `<state_dir>/workspace.lock`: held (flock, exclusive) while a background run works in the
 * workspace, so a daemon and a foreground `daemon heartbeat` never run at once. The lock dies
 * with its process, so a crash never leaves it stuck.
 */
import { dirname } from "node:path";

/** A held lock. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the lock, or returns undefined when another holder has it (never waits). */
export async function tryWorkspaceLock(
  path: string,
  holder: { pid: number; what: string },
): Promise<HeldLock | undefined> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
  if (!await file.tryLock(true)) {
    file.close();
    return undefined;
  }
  await file.truncate(0);
  await file.write(
    new TextEncoder().encode(JSON.stringify({ ...holder, since: Date.now() }) + "\n"),
  );
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await file.truncate(0).catch(() => {});
      await file.unlock().catch(() => {});
      file.close();
    },
  };
}

/** Who holds the lock (what it wrote), or undefined when it is free. */
export async function workspaceLockHolder(
  path: string,
): Promise<{ pid: number; what: string; since: number } | undefined> {
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
    const text = await Deno.readTextFile(path).catch(() => "");
    try {
      return JSON.parse(text);
    } catch {
      return { pid: 0, what: "unknown", since: 0 };
    }
  } finally {
    file.close();
  }
}
