/**
 * @module sandbox
 * Owns the kernel sandbox for shell commands: the policy, capability detection, the Linux
 * backend (re-exec + rlimits + NO_NEW_PRIVS + Landlock + seccomp-bpf + execve bash via FFI),
 * the macOS Seatbelt profile, and the no-sandbox backend.
 * Must not read the environment (callers pass `vars`), know about agents or tools, or print.
 * Contract: `createSandbox(options)` returns a `Sandbox` for the configured level or throws
 * ConfigError when the host cannot provide it (never a silent downgrade); `exec(command,
 * { cwd, env, timeoutMs, signal })` resolves `{ code, stdout, stderr, truncated, timedOut,
 * denied }`, kills the whole process group on timeout/abort and after the command returns, and
 * throws SandboxDeniedError only when the sandbox itself could not be set up.
 */
export type {
  ExecOptions,
  ExecResult,
  Sandbox,
  SandboxLevel,
  SandboxLimits,
  SandboxPolicy,
} from "./types.ts";
export {
  buildPolicy,
  CREDENTIAL_DIRS,
  type PolicyInput,
  PROTECTED_STATE_FILES,
  PROTECTED_WORKSPACE_FILES,
  type SandboxSettings,
  SYSTEM_READ_PATHS,
  within,
} from "./policy.ts";
export {
  availableLevels,
  detectCapabilities,
  resolveLevel,
  type SandboxCapabilities,
} from "./capabilities.ts";
export { createSandbox, type CreateSandboxOptions } from "./create.ts";
export { type ProbeResult, runProbes } from "./probes.ts";
export { SANDBOX_EXEC_ARG } from "./_child_spec.ts";
export { runSandboxChild } from "./child.ts";
export {
  ALWAYS_DENIED_SYSCALLS,
  buildSeccompFilter,
  deniedSyscalls,
  evaluateFilter,
  NETWORK_SYSCALLS,
} from "./_bpf.ts";
export { seatbeltArgs, seatbeltProfile } from "./backends/seatbelt.ts";
export { TRUNCATION_NOTICE } from "./_spawn.ts";
