/** No confinement (level none): bash runs directly, with only the timeout and output cap. */
import { runSpawned } from "../_spawn.ts";
import type { ExecOptions, ExecResult, Sandbox, SandboxPolicy } from "../types.ts";

/** A Sandbox that does not confine: `sandbox.enabled = false` or `level = "none"`. */
export function createNoneSandbox(
  policy: SandboxPolicy,
  defaultEnv: Record<string, string>,
): Sandbox {
  return {
    level: "none",
    backend: "none",
    policy,
    workspaceRoot: { writable: true, detail: "writable; nothing is protected (no sandbox)" },
    exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
      return runSpawned({
        program: "/bin/bash",
        args: ["-c", command],
        cwd: opts.cwd ?? policy.workspace,
        env: opts.env ?? defaultEnv,
        clearEnv: true,
      }, {
        timeoutMs: opts.timeoutMs ?? policy.limits.timeoutMs,
        maxOutputBytes: policy.limits.maxOutputBytes,
        signal: opts.signal,
        sandboxed: false,
      });
    },
  };
}
