/** The message the parent hands the re-executed child: one JSON argument. */
import type { SandboxPolicy } from "./types.ts";

/** The hidden argv[0] of the re-executed program; handled before the CLI parser. */
export { SANDBOX_EXEC_ARG } from "../core/mod.ts";

/** Exit code of a child that could not set up the sandbox (the command never ran). */
export const SETUP_FAILED_CODE = 125;

/** Prefix of the child's setup-failure message on stderr. */
export const SETUP_FAILED_PREFIX = "localgpt-sandbox: ";

/** What the child needs besides the command (an argv, or one shell command line). */
export interface ChildSpec {
  policy: SandboxPolicy;
  /** Landlock ABI to target (0 = no Landlock: level minimal). */
  landlockAbi: number;
  /** Per-call private tmp dir (read-write, exported as TMPDIR). */
  tmpDir: string;
  /** `cgroup.procs` of the per-call pids cgroup the child joins first, when one was made. */
  cgroupProcs?: string;
  /** Wrap bash in `unshare --user --map-current-user [--net]` (level full). */
  userNamespace: boolean;
  /**
   * Protected files to bind-mount read-only in the child's private mount namespace; when set, the
   * workspace root is granted read-write (the parent started the child under `unshare --mount`).
   */
  readOnlyMounts?: string[];
  /** State files inside the workspace, hidden behind a read-only bind mount of /dev/null. */
  hiddenMounts?: string[];
  /** The command's whole environment. */
  env: Record<string, string>;
}
