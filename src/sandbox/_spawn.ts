/** Runs a spawned command: output caps, wall-clock timeout, abort, and process-group kill. */
import type { ExecResult } from "./types.ts";

/** How to run one process. */
export interface SpawnSpec {
  program: string;
  args: string[];
  cwd: string;
  /** Environment; when `clearEnv` is false it is added to the inherited one. */
  env: Record<string, string>;
  clearEnv: boolean;
}

/** Limits and hooks of one run. */
export interface SpawnLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
  /** Called after the main process ended (or was killed): kill what is left (e.g. the cgroup). */
  reap?: () => Promise<void>;
  /** Whether EACCES/EPERM messages mean the sandbox refused something. */
  sandboxed: boolean;
}

/** Notices appended to capped output (the reference's wording). */
export const TRUNCATION_NOTICE = {
  stdout: (total: number) => `\n[Output truncated, ${total} bytes total]`,
  stderr: () => `\n[stderr truncated]`,
};

// EROFS, EBUSY and EXDEV are how the read-only bind mounts of the protected files answer.
const DENIAL =
  /Permission denied|Operation not permitted|File size limit exceeded|Read-only file system|Device or resource busy|Invalid cross-device link/;
const DRAIN_GRACE_MS = 2000;

/** Spawns in a new session (its own process group) and never lets anything outlive the call. */
export async function runSpawned(spec: SpawnSpec, limits: SpawnLimits): Promise<ExecResult> {
  if (!await Deno.stat(spec.cwd).then((s) => s.isDirectory, () => false)) {
    throw new Error(
      `Cannot run "${spec.args.at(-1)}": working directory "${spec.cwd}" does not exist`,
    );
  }
  const child = new Deno.Command(spec.program, {
    args: spec.args,
    cwd: spec.cwd,
    env: spec.env,
    clearEnv: spec.clearEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
  const killGroup = (alsoLeader: boolean) => {
    for (const target of alsoLeader ? [-child.pid, child.pid] : [-child.pid]) {
      try {
        Deno.kill(target, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  };
  let timedOut = false;
  const stop = () => {
    timedOut = true;
    killGroup(true);
  };
  const timer = setTimeout(stop, limits.timeoutMs);
  limits.signal?.addEventListener("abort", stop, { once: true });
  if (limits.signal?.aborted) stop();
  const out = collect(child.stdout, limits.maxOutputBytes);
  const err = collect(child.stderr, limits.maxOutputBytes);
  let status: Deno.CommandStatus;
  try {
    status = await child.status;
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener("abort", stop);
    // Background jobs stay in the group: nothing may outlive the command. (The leader is reaped,
    // so only the group is signalled now.)
    killGroup(false);
    await limits.reap?.();
  }
  const grace = setTimeout(() => {
    out.cancel();
    err.cancel();
  }, DRAIN_GRACE_MS);
  const [stdout, stderr] = await Promise.all([out.done, err.done]);
  clearTimeout(grace);
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  let stdoutText = decode(stdout.bytes), stderrText = decode(stderr.bytes);
  if (stdout.total > stdout.bytes.length) stdoutText += TRUNCATION_NOTICE.stdout(stdout.total);
  if (stderr.total > stderr.bytes.length) stderrText += TRUNCATION_NOTICE.stderr();
  const limitSignal = status.signal === "SIGXFSZ" || status.signal === "SIGSYS" ||
    status.signal === "SIGXCPU";
  return {
    code: status.code,
    stdout: stdoutText,
    stderr: stderrText,
    truncated: stdout.total > stdout.bytes.length || stderr.total > stderr.bytes.length,
    timedOut,
    denied: limits.sandboxed && (limitSignal || DENIAL.test(stderrText)),
  };
}

function collect(stream: ReadableStream<Uint8Array>, cap: number) {
  const reader = stream.getReader();
  const done = (async () => {
    const chunks: Uint8Array[] = [];
    let kept = 0, total = 0;
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        total += value.length;
        if (kept < cap) {
          const part = value.subarray(0, cap - kept);
          chunks.push(part);
          kept += part.length;
        }
      }
    } catch {
      // Cancelled after the grace period: keep what we have.
    }
    const bytes = new Uint8Array(kept);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return { bytes, total };
  })();
  return { done, cancel: () => void reader.cancel().catch(() => {}) };
}
