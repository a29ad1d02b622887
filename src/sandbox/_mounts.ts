/**
 * The writable workspace root (Linux): the child runs in a private mount namespace in which each
 * protected file is a read-only bind mount of itself, so Landlock can grant the root read-write.
 * A bind-mounted file cannot be written (EROFS), renamed, replaced or deleted (EBUSY in the
 * namespace that holds the mount), and no hard link to it can be made (EXDEV).
 */
import { basename, dirname, join } from "node:path";
import { cString, libc, libcError, rawRead } from "./_libc.ts";
import { within } from "./policy.ts";
import type { SandboxPolicy } from "./types.ts";

const MS_BIND = 4096n;
const SYS_MOUNT_SETATTR = 442n; // same number on x86_64 and aarch64
const AT_FDCWD = -100n, MOUNT_ATTR_RDONLY = 1n;

/**
 * The `unshare` options that start the child in a private mount namespace. Root has
 * CAP_SYS_ADMIN already; other users get it in a new user namespace (`--keep-caps`, or the
 * exec of the child as a non-root uid would drop it). The child drops every capability itself.
 */
export function mountNamespaceArgs(uid = Deno.uid()): string[] {
  return [
    ...(uid === 0 ? [] : ["--user", "--map-current-user", "--keep-caps"]),
    "--mount",
    "--propagation",
    "private",
  ];
}

/** How one call treats the workspace root. */
export interface RootPlan {
  /** Protected files to bind-mount read-only; undefined: the root stays read-only. */
  readOnlyMounts?: string[];
  /** State files inside the workspace, to hide behind a read-only empty file. */
  hiddenMounts?: string[];
  /** Protected workspace files that do not exist: one a command creates is removed afterwards. */
  absent: string[];
  /** Why the root stays read-only for this call. */
  readOnlyReason?: string;
}

/**
 * Decides, before a call, how the root is protected. Every protected name must be a regular file
 * (mounted read-only) or absent; a symlink, folder or other entry keeps the root read-only.
 */
export function planRoot(policy: SandboxPolicy, mountNamespaces: boolean): RootPlan {
  if (!mountNamespaces) return { absent: [], readOnlyReason: NO_MOUNT_NAMESPACES };
  const mounts: string[] = [], hidden: string[] = [], absent: string[] = [];
  const inside = policy.protectedPaths.filter((p) => within(p, policy.workspace));
  // A missing state file is left alone: LocalGPT itself may create it while a command runs.
  const candidates = [
    ...policy.protectedFiles.map((name) => ({
      path: join(policy.workspace, name),
      list: mounts,
      state: false,
    })),
    ...inside.map((path) => ({ path, list: hidden, state: true })),
  ];
  for (const { path, list, state } of candidates) {
    const info = lstatOrUndefined(path);
    if (!info) {
      if (!state) absent.push(path);
    } else if (info.isFile) list.push(path);
    else return { absent: [], readOnlyReason: `"${basename(path)}" is not a regular file` };
  }
  return { readOnlyMounts: mounts, hiddenMounts: hidden, absent };
}

function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Why the root is read-only on hosts without mount namespaces. */
export const NO_MOUNT_NAMESPACES =
  "this host provides no private mount namespaces (`unshare --mount` failed), " +
  "so the protected files could not be made read-only on their own";

/**
 * In the child, before capabilities are dropped: bind-mounts each file over itself (each hidden
 * one: /dev/null over it) and makes the mount read-only, then checks in /proc/self/mountinfo that
 * each path is now a read-only mount point (a path that resolved elsewhere, e.g. through a
 * symlink swapped in meanwhile, fails).
 */
export function bindReadOnly(paths: string[], hidden: string[] = []): void {
  const c = libc();
  const all = [...paths.map((p) => [p, p]), ...hidden.map((p) => ["/dev/null", p])];
  for (const [source, path] of all) {
    const p = cString(path);
    if (c.mount(cString(source), p, null, MS_BIND, null) !== 0) {
      throw libcError(`bind-mount "${path}"`);
    }
    const attr = new BigUint64Array([MOUNT_ATTR_RDONLY, 0n, 0n, 0n]);
    const ptr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(attr)));
    const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(p)));
    if (Number(c.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, addr, 0n, ptr, 32n)) !== 0) {
      throw libcError(`make the mount "${path}" read-only`);
    }
  }
  const readOnly = readOnlyMountPoints(rawRead("/proc/self/mountinfo") ?? "");
  // mountinfo names mount points by their real path: resolve the folder, never the file itself
  // (a file swapped for a symlink must show up as a mount elsewhere, and fail).
  const missing = [...paths, ...hidden].find((p) =>
    !readOnly.has(join(Deno.realPathSync(dirname(p)), basename(p)))
  );
  if (missing) throw new Error(`Cannot protect "${missing}": it is not a read-only mount point`);
}

/** Mount points whose per-mount options include `ro`, from a /proc/self/mountinfo text. */
export function readOnlyMountPoints(mountinfo: string): Set<string> {
  const out = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    const fields = line.split(" ");
    if (fields.length < 6) continue;
    if (!fields[5].split(",").includes("ro")) continue;
    out.add(fields[4].replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

/**
 * After a call: removes each protected path of `absent` that the command created (it could not
 * be mounted read-only because it did not exist). Returns the names removed.
 */
export async function removeCreatedProtected(absent: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of absent) {
    const present = await Deno.lstat(path).then(() => true, () => false);
    if (!present) continue;
    await Deno.remove(path, { recursive: true });
    removed.push(basename(path));
  }
  return removed;
}
