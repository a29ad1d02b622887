/** macOS backend: a generated SBPL profile run through `/usr/bin/sandbox-exec`. */
import { runSpawned } from "../_spawn.ts";
import type { ExecOptions, ExecResult, Sandbox, SandboxPolicy } from "../types.ts";

/** Quotes a string for SBPL. */
function q(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** A case-insensitive SBPL regex literal matching exactly `path` (APFS is case-insensitive). */
function exactNoCase(path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/"]/g, "\\$&");
  return `(regex #"(?i)^${escaped}$")`;
}

/**
 * The SBPL profile for a policy. Later rules win in SBPL, so the order is: deny everything;
 * allow processes, signals, mach, ipc, sysctl, ptys and reads; deny the home dir; re-allow the
 * workspace, tmp and allow paths; then deny the protected files and credential dirs; last the network.
 */
export function seatbeltProfile(
  policy: SandboxPolicy,
  options: { home: string; tmpDir: string },
): string {
  const lines = [
    "(version 1)",
    "(deny default)",
    "(allow process*)",
    "(allow signal)",
    "(allow mach*)",
    "(allow ipc*)",
    "(allow sysctl*)",
    "(allow pseudo-tty)",
    "(allow file-read*)",
    '(allow file-write* (subpath "/dev"))',
  ];
  if (options.home) lines.push(`(deny file-read* file-write* (subpath ${q(options.home)}))`);
  const writable = [policy.workspace, options.tmpDir, ...policy.writePaths];
  lines.push(
    `(allow file-read* file-write* ${writable.map((p) => `(subpath ${q(p)})`).join(" ")})`,
  );
  const readable = policy.readPaths.filter((p) => p !== "/proc/self");
  if (readable.length) {
    lines.push(`(allow file-read* ${readable.map((p) => `(subpath ${q(p)})`).join(" ")})`);
  }
  const guarded = policy.protectedFiles.map((f) => exactNoCase(`${policy.workspace}/${f}`));
  lines.push(`(deny file-write* ${guarded.join(" ")})`);
  if (policy.denyPaths.length) {
    const deny = policy.denyPaths.map((p) => `(subpath ${q(p)})`).join(" ");
    lines.push(`(deny file-read* file-write* ${deny})`);
  }
  if (policy.network === "deny") lines.push("(deny network*)");
  return lines.join("\n") + "\n";
}

/** bash argv that sets the rlimits (`ulimit`) and then execs sandbox-exec with the profile. */
export function seatbeltArgs(policy: SandboxPolicy, profile: string, command: string): string[] {
  const l = policy.limits;
  const script = [
    `ulimit -c 0`,
    `ulimit -f ${Math.max(1, Math.floor(l.maxFileSizeBytes / 1024))}`,
    `ulimit -n ${l.maxOpenFiles}`,
    `ulimit -u ${l.maxProcesses}`,
    `exec /usr/bin/sandbox-exec -p "$1" /bin/bash -c "$2"`,
  ].join(" && ");
  return ["-c", script, "localgpt-sandbox", profile, command];
}

/** A Sandbox on macOS (level standard). */
export function createSeatbeltSandbox(
  policy: SandboxPolicy,
  options: { home: string; defaultEnv: Record<string, string> },
): Sandbox {
  return {
    level: policy.level,
    backend: "seatbelt",
    policy,
    workspaceRoot: {
      writable: true,
      detail: "writable; the Seatbelt profile denies writes to the protected files by name",
    },
    async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
      const tmpDir = await Deno.makeTempDir({ prefix: "localgpt-sandbox-" });
      try {
        const profile = seatbeltProfile(policy, { home: options.home, tmpDir });
        return await runSpawned({
          program: "/bin/bash",
          args: seatbeltArgs(policy, profile, command),
          cwd: opts.cwd ?? policy.workspace,
          env: { ...(opts.env ?? options.defaultEnv), TMPDIR: tmpDir },
          clearEnv: true,
        }, {
          timeoutMs: opts.timeoutMs ?? policy.limits.timeoutMs,
          maxOutputBytes: policy.limits.maxOutputBytes,
          signal: opts.signal,
          sandboxed: true,
        });
      } finally {
        await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
      }
    },
  };
}
