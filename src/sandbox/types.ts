/** The Sandbox port and the policy value every backend enforces. */

/** Sandbox levels of `sandbox.level`; `auto` resolves to one of the others. */
export type SandboxLevel = "none" | "minimal" | "standard" | "full";

/** Options of one `exec()` call. */
export interface ExecOptions {
  /** Working directory; default: the workspace. Must be inside a writable or readable root. */
  cwd?: string;
  /** Environment of the command; default: a minimal one (PATH, HOME, LANG, TERM, TZ, USER). */
  env?: Record<string, string>;
  /** Wall-clock limit; default: `sandbox.timeout_secs`. */
  timeoutMs?: number;
  /** Aborting kills the command's whole process group. */
  signal?: AbortSignal;
}

/** What a command produced. Output is capped at `max_output_bytes` per stream. */
export interface ExecResult {
  /** Exit code; 128 + signal number when killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr was cut at the cap (the text then ends with a notice). */
  truncated: boolean;
  /** True when the wall-clock limit (or the abort signal) killed the command. */
  timedOut: boolean;
  /**
   * True when the command hit the sandbox (EACCES/EPERM/EROFS/EBUSY reported, a limit signal,
   * or a protected file it created was removed).
   */
  denied: boolean;
  /** Set when this call ran with a read-only workspace root: why (for the model's error). */
  rootReadOnly?: string;
}

/** Whether commands may create, rename and delete entries at the workspace root. */
export interface WorkspaceRootAccess {
  writable: boolean;
  /** How the protected files are kept unwritable, or why the root is read-only. */
  detail: string;
}

/** Runs shell commands under a policy. */
export interface Sandbox {
  /** The level actually enforced. */
  readonly level: SandboxLevel;
  /** The mechanism: `landlock`, `seatbelt` or `none`. */
  readonly backend: string;
  /** The policy in force. */
  readonly policy: SandboxPolicy;
  /** The workspace root's access for commands (a call may still fall back; see `rootReadOnly`). */
  readonly workspaceRoot: WorkspaceRootAccess;
  /**
   * Runs `/bin/bash -c <command>` (see `argvCommand()` for an argv); never throws for a failing
   * command, only for setup errors.
   */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
}

/** Resource limits set in the child before exec. */
export interface SandboxLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxFileSizeBytes: number;
  maxProcesses: number;
  maxOpenFiles: number;
}

/** Everything a backend needs to confine one command; serialisable to JSON. */
export interface SandboxPolicy {
  level: SandboxLevel;
  workspace: string;
  /** Read + execute (system dirs and `allow_paths.read`). */
  readPaths: string[];
  /** Read + write (`allow_paths.write`); the workspace and private tmp dir are added per call. */
  writePaths: string[];
  /** Credential dirs that are never granted, even when an allow path contains them. */
  denyPaths: string[];
  /** Workspace files that commands may read but never write, rename or delete. */
  protectedFiles: string[];
  /**
   * State files (device key, audit log and head) that commands may neither read nor write. They
   * normally live outside the workspace; one inside it is hidden behind a read-only empty file.
   */
  protectedPaths: string[];
  network: "deny" | "allow";
  limits: SandboxLimits;
  /** Allow paths that were dropped, with the reason (e.g. inside a credential dir). */
  ignored: { path: string; reason: string }[];
}
