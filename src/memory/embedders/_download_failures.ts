/**
 * A failed model download, remembered in `<cache_dir>/models/download_failures.json` so that the
 * commands that follow within `retryAfterMs` say why at once instead of each loading
 * transformers.js and trying the network again. A successful load forgets the failure.
 */
import { join } from "node:path";

/** File name of the record inside the models cache folder. */
export const DOWNLOAD_FAILURES_FILE = "download_failures.json";

/** Default time before a failed download is tried again: 10 minutes. */
export const RETRY_DOWNLOAD_AFTER_MS = 10 * 60_000;

/** One remembered failure. */
export interface DownloadFailure {
  /** Milliseconds since the epoch. */
  at: number;
  /** Where the download was tried from. */
  host: string;
  error: string;
}

type Failures = Record<string, DownloadFailure>;

function read(cacheDir: string): Failures {
  try {
    const value = JSON.parse(Deno.readTextFileSync(join(cacheDir, DOWNLOAD_FAILURES_FILE)));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

async function write(cacheDir: string, failures: Failures): Promise<void> {
  const path = join(cacheDir, DOWNLOAD_FAILURES_FILE);
  if (Object.keys(failures).length === 0) {
    await Deno.remove(path).catch(() => {});
    return;
  }
  await Deno.mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(failures, null, 2) + "\n", { mode: 0o600 });
  await Deno.rename(tmp, path);
}

/** The failure of `model` from `host` still within `retryAfterMs` of `now`, if any. */
export function recentFailure(
  cacheDir: string,
  model: string,
  host: string,
  options: { now: number; retryAfterMs: number },
): DownloadFailure | undefined {
  const failure = read(cacheDir)[model];
  if (!failure || failure.host !== host || typeof failure.at !== "number") return undefined;
  const age = options.now - failure.at;
  return age >= 0 && age < options.retryAfterMs ? failure : undefined;
}

/** Remembers that downloading `model` failed; best effort (a read-only cache is not an error). */
export async function recordFailure(
  cacheDir: string,
  model: string,
  failure: DownloadFailure,
): Promise<void> {
  await write(cacheDir, { ...read(cacheDir), [model]: failure }).catch(() => {});
}

/** Forgets a failure of `model` (after it loaded); best effort. */
export async function clearFailure(cacheDir: string, model: string): Promise<void> {
  const failures = read(cacheDir);
  if (!(model in failures)) return;
  delete failures[model];
  await write(cacheDir, failures).catch(() => {});
}

/** One line for `check()`: what failed, when, and when it will be tried again. */
export function describeFailure(
  model: string,
  failure: DownloadFailure,
  options: { retryAfterMs: number; file: string },
): string {
  const retry = new Date(failure.at + options.retryAfterMs).toISOString().slice(11, 19);
  return `model "${model}" could not be downloaded (${failure.error}); ` +
    `not trying again before ${retry} UTC (delete ${options.file} to retry now)`;
}
