/**
 * The re-executed child (Linux): joins the pids cgroup, bind-mounts the protected files read-only
 * (when started in a private mount namespace), sets rlimits, drops capabilities, sets
 * PR_SET_NO_NEW_PRIVS, Landlock and seccomp, then execve's bash. Nothing else runs between the restrictions and exec.
 */
import { applyLandlock, landlockRules, type TopEntry } from "./_landlock.ts";
import { buildSeccompFilter, encodeFilter } from "./_bpf.ts";
import { cString, cStringArray, libc, libcError, rawListDir, rawRead, rawWrite } from "./_libc.ts";
import { type ChildSpec, SETUP_FAILED_CODE, SETUP_FAILED_PREFIX } from "./_child_spec.ts";
import { bindReadOnly } from "./_mounts.ts";

const RLIMIT = { CPU: 0, FSIZE: 1, CORE: 4, NPROC: 6, NOFILE: 7 } as const;
const PR_SET_PDEATHSIG = 1, PR_SET_SECCOMP = 22, PR_SET_NO_NEW_PRIVS = 38;
const PR_CAPBSET_DROP = 24, PR_SET_SECUREBITS = 28, PR_CAP_AMBIENT = 47;
const PR_CAP_AMBIENT_CLEAR_ALL = 4, LAST_CAP = 63;
// NOROOT, NO_SETUID_FIXUP, KEEP_CAPS and NO_CAP_AMBIENT_RAISE, each with its lock bit.
const SECUREBITS_LOCKED_NOROOT = 0xef;
const SYS_CAPSET: Record<string, bigint> = { x86_64: 126n, aarch64: 91n };
const SYS_CLOSE_RANGE = 436n, CLOSE_RANGE_CLOEXEC = 4n; // same number on x86_64 and aarch64
const SECCOMP_MODE_FILTER = 2, SIGKILL = 9;

/** Runs `__sandbox-exec <spec-json> <command>`; returns an exit code only when setup failed. */
export function runSandboxChild(args: string[]): number {
  try {
    const [specJson, command] = args;
    if (specJson === undefined || command === undefined) {
      throw new Error("Cannot start the sandbox child: expected <spec-json> <command>");
    }
    confineAndExec(JSON.parse(specJson) as ChildSpec, command);
    return SETUP_FAILED_CODE; // unreachable: execve returned without an error
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    Deno.stderr.writeSync(new TextEncoder().encode(`${SETUP_FAILED_PREFIX}${message}\n`));
    return SETUP_FAILED_CODE;
  }
}

function confineAndExec(spec: ChildSpec, command: string): void {
  const { policy } = spec;
  const c = libc();
  // Join the pids cgroup before anything can fork, so the limit holds even for root.
  if (spec.cgroupProcs && !rawWrite(spec.cgroupProcs, String(Deno.pid))) {
    throw libcError(`join the pids cgroup "${spec.cgroupProcs}"`);
  }
  // Needs CAP_SYS_ADMIN in the child's own mount namespace, so before the capabilities go.
  if (spec.readOnlyMounts) bindReadOnly(spec.readOnlyMounts, spec.hiddenMounts ?? []);
  const limits = policy.limits;
  setLimit(RLIMIT.CORE, 0);
  setLimit(RLIMIT.FSIZE, limits.maxFileSizeBytes);
  setLimit(RLIMIT.NOFILE, limits.maxOpenFiles);
  setLimit(RLIMIT.NPROC, nprocLimit(limits.maxProcesses));
  setLimit(RLIMIT.CPU, Math.ceil(limits.timeoutMs / 1000) + 5);
  if (c.prctl(PR_SET_PDEATHSIG, BigInt(SIGKILL), 0n, 0n, 0n) !== 0) {
    throw libcError("set PDEATHSIG");
  }
  dropCapabilities();
  if (c.prctl(PR_SET_NO_NEW_PRIVS, 1n, 0n, 0n, 0n) !== 0) throw libcError("set NO_NEW_PRIVS");
  if (policy.level !== "minimal" && policy.level !== "none") {
    if (spec.landlockAbi < 1) throw new Error("Cannot apply Landlock: not supported by the kernel");
    const rules = landlockRules(policy, {
      tmpDir: spec.tmpDir,
      top: topEntries(policy.workspace),
      userNamespace: spec.userNamespace,
      rootWritable: spec.readOnlyMounts !== undefined,
    });
    applyLandlock(spec.landlockAbi, rules, { denyNetwork: policy.network === "deny" });
  }
  if (policy.level !== "none") installSeccomp(policy.network);
  const argv = spec.userNamespace
    ? ["/usr/bin/unshare", ...unshareArgs(policy.network), "--", "/bin/bash", "-c", command]
    : ["/bin/bash", "-c", command];
  // Already-open files bypass Landlock: no descriptor but stdio may survive the exec.
  const closed = Number(
    c.syscall(SYS_CLOSE_RANGE, 3n, 0xffffffffn, CLOSE_RANGE_CLOEXEC, 0n, 0n),
  );
  if (closed !== 0) throw libcError("mark inherited file descriptors close-on-exec");
  const args = cStringArray(argv);
  const env = cStringArray(Object.entries(spec.env).map(([k, v]) => `${k}=${v}`));
  c.execve(cString(argv[0]), args.array, env.array);
  throw libcError(`execute "${argv[0]}"`);
}

/**
 * `unshare` options for level full. Mapping host uid 0 needs CAP_SETFCAP, which root has just
 * dropped, so root stays unmapped (it shows as `nobody` inside but keeps its file access).
 */
export function unshareArgs(network: "deny" | "allow", uid = Deno.uid()): string[] {
  return [
    "--user",
    ...(uid === 0 ? [] : ["--map-current-user"]),
    ...(network === "deny" ? ["--net"] : []),
  ];
}

function setLimit(resource: number, value: number): void {
  const limit = new BigUint64Array([BigInt(value), BigInt(value)]);
  if (libc().setrlimit(resource, new Uint8Array(limit.buffer)) !== 0) {
    throw libcError(`set rlimit ${resource} to ${value}`);
  }
}

/**
 * Root keeps its uid but loses every capability, for good: without this, root could read raw
 * disks, open files by handle or load kernel modules, none of which Landlock sees. Dropping the
 * bounding set and locking SECBIT_NOROOT needs CAP_SETPCAP, so those steps are skipped (they are
 * moot) for ordinary users; clearing the capability sets must succeed for everyone.
 */
function dropCapabilities(): void {
  const c = libc();
  if (Deno.uid() === 0) {
    for (let cap = 0; cap <= LAST_CAP; cap++) c.prctl(PR_CAPBSET_DROP, BigInt(cap), 0n, 0n, 0n);
    if (c.prctl(PR_SET_SECUREBITS, BigInt(SECUREBITS_LOCKED_NOROOT), 0n, 0n, 0n) !== 0) {
      throw libcError("lock the securebits");
    }
  }
  c.prctl(PR_CAP_AMBIENT, BigInt(PR_CAP_AMBIENT_CLEAR_ALL), 0n, 0n, 0n);
  const header = new Uint32Array([0x20080522, 0]); // _LINUX_CAPABILITY_VERSION_3, this thread
  const data = new Uint32Array(6); // effective, permitted, inheritable × 2: all zero
  const nr = SYS_CAPSET[Deno.build.arch];
  const ptr = (a: Uint32Array) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(a)));
  if (nr === undefined || Number(c.syscall(nr, ptr(header), ptr(data), 0n, 0n, 0n)) !== 0) {
    throw libcError("clear the capabilities");
  }
}

function installSeccomp(network: "deny" | "allow"): void {
  const arch = Deno.build.arch;
  const filter = encodeFilter(buildSeccompFilter(arch, network));
  const fprog = new BigUint64Array(2);
  fprog[0] = BigInt(filter.length / 8);
  fprog[1] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(filter)));
  const ptr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(fprog)));
  if (libc().prctl(PR_SET_SECCOMP, BigInt(SECCOMP_MODE_FILTER), ptr, 0n, 0n) !== 0) {
    throw libcError("install the seccomp filter");
  }
}

/**
 * RLIMIT_NPROC counts every task of the user, not only ours: allow the tasks the user already
 * has plus `max` more. (Root ignores RLIMIT_NPROC; the parent's pids cgroup covers that case.)
 */
function nprocLimit(max: number): number {
  const uid = Deno.uid();
  if (uid === 0 || uid === null) return max;
  let tasks = 0;
  for (const name of rawListDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    // Undefined when the process exited while we looked.
    const status = rawRead(`/proc/${name}/status`) ?? "";
    if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1) !== uid) continue;
    tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return tasks + max;
}

function topEntries(workspace: string): TopEntry[] {
  const out: TopEntry[] = [];
  try {
    for (const e of Deno.readDirSync(workspace)) {
      out.push({
        name: e.name,
        kind: e.isSymlink ? "symlink" : e.isDirectory ? "dir" : e.isFile ? "file" : "other",
      });
    }
  } catch {
    // A missing workspace grants nothing.
  }
  return out;
}
