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
import {
  mountNamespaceArgs,
  NO_MOUNT_NAMESPACES,
  planRoot,
  removeCreatedProtected,
} from "../_mounts.ts";
import type { ExecOptions, ExecResult, Sandbox, SandboxPolicy } from "../types.ts";

/** Options of `createLandlockSandbox()`. */
export interface LandlockSandboxOptions {
  policy: SandboxPolicy;
  landlockAbi: number;
  /** Level full: wrap bash in user + network namespaces. */
  userNamespace: boolean;
  /** Private mount namespaces are available: the workspace root is writable (see `_mounts.ts`). */
  mountNamespaces?: boolean;
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
  const confined = policy.level !== "minimal";
  const mounts = confined && options.mountNamespaces === true;
  return {
    level: policy.level,
    backend: "landlock",
    policy,
    workspaceRoot: rootAccess(policy, confined, mounts),
    async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
      const tmpDir = await Deno.makeTempDir({ prefix: "localgpt-sandbox-" });
      const cgroup = createPidsCgroup(policy.limits.maxProcesses);
      const timeoutMs = opts.timeoutMs ?? policy.limits.timeoutMs;
      const plan = confined ? planRoot(policy, mounts) : { absent: [] };
      try {
        const spec: ChildSpec = {
          // The CPU rlimit follows the wall-clock limit of this call.
          policy: { ...policy, limits: { ...policy.limits, timeoutMs } },
          landlockAbi: policy.level === "minimal" ? 0 : options.landlockAbi,
          tmpDir,
          cgroupProcs: cgroup?.procs,
          userNamespace: options.userNamespace,
          readOnlyMounts: plan.readOnlyMounts,
          hiddenMounts: plan.hiddenMounts,
          env: { ...(opts.env ?? options.defaultEnv), TMPDIR: tmpDir },
        };
        const child = [...self, SANDBOX_EXEC_ARG, JSON.stringify(spec), command];
        const argv = plan.readOnlyMounts
          ? ["/usr/bin/unshare", ...mountNamespaceArgs(), "--", ...child]
          : child;
        const result = await runSpawned({
          program: argv[0],
          args: argv.slice(1),
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
        for (const name of await removeCreatedProtected(plan.absent)) {
          result.stderr += `${SETUP_FAILED_PREFIX}removed "${name}": commands may not create ` +
            "protected files\n";
          result.denied = true;
        }
        if (plan.readOnlyReason) result.rootReadOnly = plan.readOnlyReason;
        return result;
      } finally {
        await cgroup?.remove();
        await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
      }
    },
  };
}

function rootAccess(policy: SandboxPolicy, confined: boolean, mounts: boolean) {
  if (!confined) return { writable: true, detail: "writable; level minimal confines no files" };
  if (!mounts) return { writable: false, detail: `read-only: ${NO_MOUNT_NAMESPACES}` };
  return {
    writable: true,
    detail: `writable; ${policy.protectedFiles.join(", ")} are read-only bind mounts in a ` +
      "private mount namespace",
  };
}
