/** Builds the SandboxPolicy from the `[sandbox]` settings, the workspace and the home dir. */
import { dirname, isAbsolute, join, normalize } from "node:path";
import type { SandboxLevel, SandboxPolicy } from "./types.ts";

/** The `[sandbox]` config section (structurally the same as `ResolvedConfig["sandbox"]`). */
export interface SandboxSettings {
  enabled: boolean;
  level: string;
  timeout_secs: number;
  max_output_bytes: number;
  max_file_size_bytes: number;
  max_processes: number;
  allow_paths: { read: string[]; write: string[] };
  network: { policy: string };
}

/** Workspace files no agent tool may write: the signed policy, its manifest and the identity. */
export const PROTECTED_WORKSPACE_FILES: readonly string[] = [
  "LocalGPT.md",
  ".localgpt_manifest.json",
  "IDENTITY.md",
];

/** Protected files that live outside the workspace (data and state dirs). */
export const PROTECTED_STATE_FILES: readonly string[] = [
  "localgpt.device.key",
  "localgpt.audit.jsonl",
  "localgpt.audit.head",
];

/** Credential locations under the home dir that are never granted. */
export const CREDENTIAL_DIRS: readonly string[] = [
  ".ssh",
  ".aws",
  ".gnupg",
  ".config",
  ".docker",
  ".kube",
  ".npmrc",
  ".pypirc",
  ".netrc",
];

/**
 * System dirs granted read + execute (those that exist on the host). Unlike the reference, `/dev`
 * is not granted as a whole (raw disks would expose every file to root); the Landlock rules
 * grant the harmless devices one by one.
 */
export const SYSTEM_READ_PATHS: readonly string[] = [
  "/usr",
  "/lib",
  "/lib64",
  "/lib32",
  "/bin",
  "/sbin",
  "/etc",
  "/proc/self",
];

/** Input of `buildPolicy()`. */
export interface PolicyInput {
  settings: SandboxSettings;
  level: SandboxLevel;
  workspace: string;
  home: string;
  /** Absolute paths that must never become writable (device key, audit log). */
  protectedPaths?: string[];
}

/** Resolves the settings into a policy; allow paths that would expose secrets are dropped. */
export function buildPolicy(input: PolicyInput): SandboxPolicy {
  const { settings, home } = input;
  const denyPaths = home ? CREDENTIAL_DIRS.map((d) => join(home, d)) : [];
  const ignored: SandboxPolicy["ignored"] = [];
  // A write path above the workspace could rename it away and plant a fresh LocalGPT.md.
  const guardedPaths = [
    ...(input.protectedPaths ?? []),
    ...PROTECTED_WORKSPACE_FILES.map((f) => join(normalize(input.workspace), f)),
  ];
  const accept = (raw: string, write: boolean): string | undefined => {
    const path = expand(raw, home);
    if (!isAbsolute(path)) return void ignored.push({ path: raw, reason: "not an absolute path" });
    const exposed = denyPaths.find((d) => overlaps(path, d));
    if (exposed) {
      return void ignored.push({ path: raw, reason: `overlaps the credential path "${exposed}"` });
    }
    if (path === "/" || (home && within(home, path))) {
      return void ignored.push({ path: raw, reason: "would expose the whole home dir" });
    }
    const guarded = write && guardedPaths.find((p) => within(p, path));
    if (guarded) {
      return void ignored.push({ path: raw, reason: `contains the protected file "${guarded}"` });
    }
    return path;
  };
  const pick = (list: string[], write: boolean) =>
    list.map((p) => accept(p, write)).filter((p): p is string => p !== undefined);
  return {
    level: input.level,
    workspace: normalize(input.workspace),
    readPaths: [...SYSTEM_READ_PATHS, ...pick(settings.allow_paths.read, false)],
    writePaths: pick(settings.allow_paths.write, true),
    denyPaths,
    protectedFiles: [...PROTECTED_WORKSPACE_FILES],
    protectedPaths: stateFiles(input.protectedPaths ?? []),
    network: settings.network.policy === "allow" ? "allow" : "deny",
    limits: {
      timeoutMs: settings.timeout_secs * 1000,
      maxOutputBytes: settings.max_output_bytes,
      maxFileSizeBytes: settings.max_file_size_bytes,
      maxProcesses: settings.max_processes,
      maxOpenFiles: 256,
    },
    ignored,
  };
}

/** The given state files plus every `PROTECTED_STATE_FILES` name beside them. */
function stateFiles(paths: string[]): string[] {
  const dirs = new Set(paths.map((p) => dirname(normalize(p))));
  const all = [
    ...paths.map(normalize),
    ...[...dirs].flatMap((d) => PROTECTED_STATE_FILES.map((n) => join(d, n))),
  ];
  return [...new Set(all)];
}

/** True when `child` is `parent` or below it. */
export function within(child: string, parent: string): boolean {
  const c = normalize(child), p = normalize(parent);
  return c === p || c.startsWith(p.endsWith("/") ? p : p + "/");
}

function overlaps(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}

function expand(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path === "" ? path : normalize(path);
}
