/** Daily log files `<logs_dir>/localgpt-YYYY-MM-DD.log`: append, prune by retention, tail. */
import { join } from "node:path";

const NAME = /^localgpt-(\d{4}-\d{2}-\d{2})\.log$/;

/** The log file of the UTC day of `now`. */
export function logFileFor(dir: string, now: Date): string {
  return join(dir, `localgpt-${now.toISOString().slice(0, 10)}.log`);
}

/** The daemon's log: one line per call, `<ISO time> <LEVEL> <message>`. */
export interface DaemonLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Resolves when every line so far is written. */
  flush(): Promise<void>;
}

/** Creates the log writer; `echo` also gets every line (foreground mode prints them). */
export function createDaemonLog(
  dir: string,
  options: { now?: () => Date; echo?: (line: string) => void } = {},
): DaemonLog {
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Deno.mkdir(dir, { recursive: true });
  const write = (level: string, message: string) => {
    const at = now();
    const line = `${at.toISOString()} ${level} ${message.replace(/\r?\n/g, " ")}\n`;
    options.echo?.(line);
    queue = queue.then(() =>
      Deno.writeTextFile(logFileFor(dir, at), line, { append: true, mode: 0o600 })
    ).catch(() => {});
  };
  return {
    info: (m) => write("INFO", m),
    warn: (m) => write("WARN", m),
    error: (m) => write("ERROR", m),
    flush: () => queue.then(() => {}),
  };
}

/** Daily log files, oldest first. */
export async function logFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && NAME.test(e.name)) names.push(e.name);
  } catch {
    return [];
  }
  return names.sort().map((n) => join(dir, n));
}

/** Deletes daily files older than `retentionDays` (0 keeps all); returns the deleted paths. */
export async function pruneLogs(dir: string, retentionDays: number, now: Date): Promise<string[]> {
  if (retentionDays <= 0) return [];
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
  const deleted: string[] = [];
  for (const path of await logFiles(dir)) {
    const day = NAME.exec(path.slice(path.lastIndexOf("/") + 1))?.[1];
    if (day && day < cutoff) {
      await Deno.remove(path).catch(() => {});
      deleted.push(path);
    }
  }
  return deleted;
}

/** The last `n` lines across the daily files, oldest first. */
export async function tailLogs(dir: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (const path of (await logFiles(dir)).reverse()) {
    const text = await Deno.readTextFile(path).catch(() => "");
    const lines = text.split("\n").filter((l) => l.length > 0);
    out.unshift(...lines.slice(Math.max(0, lines.length - (n - out.length))));
    if (out.length >= n) break;
  }
  return out;
}
