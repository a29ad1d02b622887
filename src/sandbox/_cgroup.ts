/** A per-command pids cgroup: bounds the process count even for root and kills leftovers. */
import { join } from "node:path";
import { rawMkdir, rawRead, rawRmdir, rawWrite } from "./_libc.ts";

/** A cgroup made for one command. */
export interface PidsCgroup {
  /** The `cgroup.procs` file the child writes its pid into. */
  procs: string;
  /** Kills every process still in the cgroup. */
  killAll(): Promise<void>;
  /** Kills what is left and removes the cgroup. */
  remove(): Promise<void>;
}

const ROOT = "/sys/fs/cgroup";
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a cgroup with `pids.max = max`, or returns undefined when the host does not allow it. */
export function createPidsCgroup(max: number): PidsCgroup | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let base: string | undefined;
  try {
    base = pidsBase();
  } catch {
    return undefined; // no libc
  }
  if (!base) return undefined;
  const dir = join(base, `localgpt-sandbox-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`);
  if (!rawMkdir(dir)) return undefined;
  if (!rawWrite(join(dir, "pids.max"), String(max))) {
    rawRmdir(dir);
    return undefined;
  }
  const procs = join(dir, "cgroup.procs");
  const killAll = async () => {
    for (let round = 0; round < 200; round++) {
      const pids = (rawRead(procs) ?? "").split("\n").filter(Boolean);
      if (pids.length === 0) return;
      for (const pid of pids) {
        try {
          Deno.kill(Number(pid), "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await pause(5);
    }
  };
  return {
    procs,
    killAll,
    async remove() {
      await killAll();
      for (let i = 0; i < 100 && !rawRmdir(dir); i++) await pause(10);
    },
  };
}

/** The pids hierarchy dir of this process: cgroup v1 `pids`, or v2 with pids delegated. */
function pidsBase(): string | undefined {
  const self = rawRead("/proc/self/cgroup") ?? "";
  for (const line of self.split("\n")) {
    const [, controllers, path] = line.split(":");
    if (controllers?.split(",").includes("pids")) {
      const dir = join(ROOT, "pids", path);
      if (rawRead(join(dir, "pids.max")) !== undefined || path === "/") return dir;
    }
  }
  const v2 = self.split("\n").find((l) => l.startsWith("0::"));
  if (!v2) return undefined;
  const dir = join(ROOT, v2.slice(3));
  const controllers = rawRead(join(dir, "cgroup.subtree_control")) ?? "";
  return controllers.split(/\s+/).includes("pids") ? dir : undefined;
}
