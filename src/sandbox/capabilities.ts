/** What the host can enforce, and the level `auto` (or a requested level) resolves to. */
import { ConfigError } from "../core/mod.ts";
import { landlockAbi } from "./_landlock.ts";
import { ARCHES } from "./_bpf.ts";
import { createPidsCgroup } from "./_cgroup.ts";
import { rawRead } from "./_libc.ts";
import { unshareArgs } from "./child.ts";
import { mountNamespaceArgs } from "./_mounts.ts";
import type { SandboxLevel } from "./types.ts";

/** Kernel and OS features the sandbox can use. */
export interface SandboxCapabilities {
  os: string;
  arch: string;
  /** Landlock ABI version; 0 = none. */
  landlockAbi: number;
  /** seccomp-bpf filters (for an architecture the filter knows). */
  seccomp: boolean;
  /** Unprivileged user + network namespaces through `unshare`. */
  userNamespaces: boolean;
  /**
   * Private mount namespaces for the child (`unshare --mount`, in a user namespace for non-root):
   * the protected files become read-only bind mounts and the workspace root writable.
   */
  mountNamespaces: boolean;
  /** `/usr/bin/sandbox-exec` (macOS). */
  seatbelt: boolean;
  /** How the process count is bounded: rlimit (non-root), a pids cgroup, or not at all. */
  processLimit: "rlimit" | "cgroup" | "none";
}

let cached: Promise<SandboxCapabilities> | undefined;

/** Probes the host once per process. */
export function detectCapabilities(): Promise<SandboxCapabilities> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<SandboxCapabilities> {
  const os = Deno.build.os, arch = Deno.build.arch;
  const caps: SandboxCapabilities = {
    os,
    arch,
    landlockAbi: 0,
    seccomp: false,
    userNamespaces: false,
    mountNamespaces: false,
    seatbelt: false,
    processLimit: "none",
  };
  if (os === "darwin") {
    caps.seatbelt = await exists("/usr/bin/sandbox-exec");
    caps.processLimit = "rlimit";
    return caps;
  }
  if (os !== "linux") return caps;
  try {
    caps.landlockAbi = landlockAbi();
  } catch {
    caps.landlockAbi = 0;
  }
  let status = "";
  try {
    status = rawRead("/proc/self/status") ?? "";
  } catch {
    // No libc: no seccomp either.
  }
  caps.seccomp = /^Seccomp:/m.test(status) && arch in ARCHES;
  [caps.userNamespaces, caps.mountNamespaces] = await Promise.all([
    canUnshare(unshareArgs("deny")),
    canUnshare(mountNamespaceArgs()),
  ]);
  if (Deno.uid() !== 0) caps.processLimit = "rlimit";
  else {
    const cgroup = createPidsCgroup(1);
    if (cgroup) {
      caps.processLimit = "cgroup";
      await cgroup.remove();
    }
  }
  return caps;
}

async function canUnshare(args: string[]): Promise<boolean> {
  if (!await exists("/usr/bin/unshare")) return false;
  try {
    const out = await new Deno.Command("/usr/bin/unshare", {
      args: [...args, "/bin/true"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The levels this host can provide, best first. */
export function availableLevels(caps: SandboxCapabilities): SandboxLevel[] {
  const levels: SandboxLevel[] = [];
  if (caps.os === "linux") {
    if (caps.seccomp && caps.landlockAbi >= 4 && caps.userNamespaces) levels.push("full");
    if (caps.seccomp && caps.landlockAbi >= 1) levels.push("standard");
    if (caps.seccomp) levels.push("minimal");
  }
  if (caps.os === "darwin" && caps.seatbelt) levels.push("standard");
  levels.push("none");
  return levels;
}

/** What a level needs, for error messages. */
const NEEDS: Record<SandboxLevel, string> = {
  full: "Landlock ABI >= 4, seccomp and user namespaces (Linux)",
  standard: "Landlock ABI >= 1 and seccomp (Linux) or Seatbelt (macOS)",
  minimal: "seccomp (Linux)",
  none: "nothing",
};

/** `auto` → the best level; any other level must be available, else a ConfigError (no downgrade). */
export function resolveLevel(
  requested: string,
  enabled: boolean,
  caps: SandboxCapabilities,
): SandboxLevel {
  if (!enabled) return "none";
  const levels = availableLevels(caps);
  if (requested === "auto") return levels[0];
  const level = requested as SandboxLevel;
  if (!(level in NEEDS)) {
    throw new ConfigError([{ key: "sandbox.level", message: `unknown level "${requested}"` }]);
  }
  if (levels.includes(level)) return level;
  throw new ConfigError([{
    key: "sandbox.level",
    message: `level "${level}" needs ${NEEDS[level]}; this host provides: ${levels.join(", ")}`,
  }], { action: "Cannot start the sandbox" });
}
