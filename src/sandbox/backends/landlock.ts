/** Linux backend: re-executes this program as `__sandbox-exec`, which confines itself and execs bash. */
import { fileURLToPath } from "node:url";
import { SandboxDeniedError } from "../../core/mod.ts";
import {
  type ChildSpec,
  SANDBOX_EXEC_ARG,
  SETUP_FAILED_CODE,
  SETUP_FAILED_PREFIX,
} from "../_child_spec.ts";
import { createPidsCgroup } from "../_cgroup.ts";
import { runSpawned } from "../_spawn.ts";
import type { ExecOptions, ExecResult, Sandbox, SandboxPolicy } from "../types.ts";

/** Options of `createLandlockSandbox()`. */
export interface LandlockSandboxOptions {
  policy: SandboxPolicy;
  landlockAbi: number;
  /** Level full: wrap bash in user + network namespaces. */
  userNamespace: boolean;
  /** Environment used when `exec()` gets none. */
  defaultEnv: Record<string, string>;
  /** How to start this program again; default: `selfCommand()`. */
  selfCommand?: string[];
}

/**
 * The command line that starts this program: the binary itself when compiled, otherwise
 * `deno run -q -P=localgpt --config <root>/deno.json <root>/main.ts`.
 */
export function selfCommand(): string[] {
  if (Deno.build.standalone) return [Deno.execPath()];
  const root = new URL("../../../", import.meta.url);
  return [
    Deno.execPath(),
    "run",
    "-q",
    "-P=localgpt",
    `--config=${fileURLToPath(new URL("deno.json", root))}`,
    fileURLToPath(new URL("main.ts", root)),
  ];
}

/** A Sandbox for levels minimal, standard and full on Linux. */
export function createLandlockSandbox(options: LandlockSandboxOptions): Sandbox {
  const { policy } = options;
  const self = options.selfCommand ?? selfCommand();
  return {
    level: policy.level,
    backend: "landlock",
    policy,
    async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
      const tmpDir = await Deno.makeTempDir({ prefix: "localgpt-sandbox-" });
      const cgroup = createPidsCgroup(policy.limits.maxProcesses);
      const timeoutMs = opts.timeoutMs ?? policy.limits.timeoutMs;
      try {
        const spec: ChildSpec = {
          // The CPU rlimit follows the wall-clock limit of this call.
          policy: { ...policy, limits: { ...policy.limits, timeoutMs } },
          landlockAbi: policy.level === "minimal" ? 0 : options.landlockAbi,
          tmpDir,
          cgroupProcs: cgroup?.procs,
          userNamespace: options.userNamespace,
          env: { ...(opts.env ?? options.defaultEnv), TMPDIR: tmpDir },
        };
        const result = await runSpawned({
          program: self[0],
          args: [...self.slice(1), SANDBOX_EXEC_ARG, JSON.stringify(spec), command],
          cwd: opts.cwd ?? policy.workspace,
          env: {},
          clearEnv: false,
        }, {
          timeoutMs,
          maxOutputBytes: policy.limits.maxOutputBytes,
          signal: opts.signal,
          reap: cgroup ? () => cgroup.killAll() : undefined,
          sandboxed: true,
        });
        if (result.code === SETUP_FAILED_CODE && result.stderr.startsWith(SETUP_FAILED_PREFIX)) {
          throw new SandboxDeniedError(result.stderr.slice(SETUP_FAILED_PREFIX.length).trim());
        }
        return result;
      } finally {
        await cgroup?.remove();
        await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
      }
    },
  };
}
