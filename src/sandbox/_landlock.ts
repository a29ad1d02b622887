/** Landlock rules (pure) and their application through the raw syscalls (Linux). */
import { join } from "node:path";
import { cString, libc, libcError, O } from "./_libc.ts";
import type { SandboxPolicy } from "./types.ts";

/** Filesystem access rights (`LANDLOCK_ACCESS_FS_*`). */
export const FS = {
  EXECUTE: 1 << 0,
  WRITE_FILE: 1 << 1,
  READ_FILE: 1 << 2,
  READ_DIR: 1 << 3,
  REMOVE_DIR: 1 << 4,
  REMOVE_FILE: 1 << 5,
  MAKE_CHAR: 1 << 6,
  MAKE_DIR: 1 << 7,
  MAKE_REG: 1 << 8,
  MAKE_SOCK: 1 << 9,
  MAKE_FIFO: 1 << 10,
  MAKE_BLOCK: 1 << 11,
  MAKE_SYM: 1 << 12,
  REFER: 1 << 13,
  TRUNCATE: 1 << 14,
  IOCTL_DEV: 1 << 15,
} as const;

const NET_BIND_TCP = 1, NET_CONNECT_TCP = 2;
const SCOPE_ABSTRACT_UNIX_SOCKET = 1, SCOPE_SIGNAL = 2;
const SYS_CREATE_RULESET = 444, SYS_ADD_RULE = 445, SYS_RESTRICT_SELF = 446;
const RULE_PATH_BENEATH = 1;

/** Every filesystem right the given ABI knows (all of them are "handled", i.e. denied by default). */
export function handledFs(abi: number): number {
  let mask = (1 << 13) - 1;
  if (abi >= 2) mask |= FS.REFER;
  if (abi >= 3) mask |= FS.TRUNCATE;
  if (abi >= 5) mask |= FS.IOCTL_DEV;
  return mask;
}

/** Rights that apply to a regular file (the kernel rejects directory rights on files). */
export const FILE_RIGHTS = FS.EXECUTE | FS.WRITE_FILE | FS.READ_FILE | FS.TRUNCATE | FS.IOCTL_DEV;
/** Read and execute. */
export const READ_EXEC = FS.EXECUTE | FS.READ_FILE | FS.READ_DIR;
/** Read, execute, create, change and delete files, dirs, symlinks and FIFOs. */
export const READ_WRITE = READ_EXEC | FS.WRITE_FILE | FS.REMOVE_DIR | FS.REMOVE_FILE |
  FS.MAKE_DIR | FS.MAKE_REG | FS.MAKE_SYM | FS.MAKE_FIFO | FS.REFER | FS.TRUNCATE;

/** One `landlock_path_beneath_attr` to add. */
export interface LandlockRule {
  path: string;
  access: number;
}

/** An entry of the workspace's top level. */
export interface TopEntry {
  name: string;
  kind: "dir" | "file" | "symlink" | "other";
}

/**
 * The rules for a policy. With `rootWritable` (the protected files are read-only bind mounts in
 * the child's mount namespace) the whole workspace is read-write. Otherwise the workspace root
 * itself is read-only and each top-level entry except the protected files (and symlinks) is
 * granted read-write, so protected files can be read but never written, renamed, replaced or
 * deleted, whatever name or link is used to reach them.
 */
export function landlockRules(
  policy: SandboxPolicy,
  options: { tmpDir: string; top: TopEntry[]; userNamespace?: boolean; rootWritable?: boolean },
): LandlockRule[] {
  const rules: LandlockRule[] = policy.readPaths.map((path) => ({ path, access: READ_EXEC }));
  rules.push({ path: "/dev", access: FS.READ_DIR });
  const rwDevice = FS.READ_FILE | FS.WRITE_FILE | FS.TRUNCATE | FS.IOCTL_DEV;
  for (const dev of ["/dev/null", "/dev/zero", "/dev/full", "/dev/tty"]) {
    rules.push({ path: dev, access: rwDevice });
  }
  for (const dev of ["/dev/random", "/dev/urandom"]) {
    rules.push({ path: dev, access: FS.READ_FILE });
  }
  rules.push({ path: "/dev/pts", access: FS.READ_DIR | rwDevice });
  rules.push({ path: policy.workspace, access: options.rootWritable ? READ_WRITE : READ_EXEC });
  const protectedNames = new Set(policy.protectedFiles.map((n) => n.toLowerCase()));
  for (const entry of options.rootWritable ? [] : options.top) {
    if (protectedNames.has(entry.name.toLowerCase())) continue;
    if (entry.kind === "dir") {
      rules.push({ path: join(policy.workspace, entry.name), access: READ_WRITE });
    }
    if (entry.kind === "file") {
      rules.push({ path: join(policy.workspace, entry.name), access: READ_WRITE & FILE_RIGHTS });
    }
  }
  rules.push({ path: options.tmpDir, access: READ_WRITE });
  if (options.userNamespace) {
    // `unshare --map-current-user` writes its own maps (same pid after execve).
    for (const f of ["uid_map", "gid_map", "setgroups"]) {
      rules.push({ path: `/proc/self/${f}`, access: FS.READ_FILE | FS.WRITE_FILE | FS.TRUNCATE });
    }
  }
  for (const path of policy.writePaths) rules.push({ path, access: READ_WRITE });
  return rules;
}

/** The Landlock ABI version of the running kernel; 0 when unavailable. */
export function landlockAbi(): number {
  const v = Number(libc().syscall(BigInt(SYS_CREATE_RULESET), 0n, 0n, 1n, 0n, 0n));
  return v > 0 ? v : 0;
}

/** Creates the ruleset, adds the rules (skipping paths that do not exist) and restricts self. */
export function applyLandlock(
  abi: number,
  rules: LandlockRule[],
  options: { denyNetwork: boolean },
): void {
  const c = libc();
  const handled = handledFs(abi);
  const attr = new BigUint64Array(3);
  attr[0] = BigInt(handled);
  attr[1] = abi >= 4 && options.denyNetwork ? BigInt(NET_BIND_TCP | NET_CONNECT_TCP) : 0n;
  attr[2] = abi >= 6 ? BigInt(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) : 0n;
  const size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
  const ptr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(attr)));
  const fd = Number(c.syscall(BigInt(SYS_CREATE_RULESET), ptr, BigInt(size), 0n, 0n, 0n));
  if (fd < 0) throw libcError("create the Landlock ruleset");
  for (const rule of rules) {
    // O_PATH (no Deno stat: Deno refuses /proc paths); a path that does not exist is skipped.
    const path = cString(rule.path);
    let pathFd = c.open(path, O.PATH | O.DIRECTORY | O.CLOEXEC, 0);
    const isDir = pathFd >= 0;
    if (!isDir) pathFd = c.open(path, O.PATH | O.CLOEXEC, 0);
    if (pathFd < 0) continue;
    const beneath = new Uint8Array(12);
    const view = new DataView(beneath.buffer);
    view.setBigUint64(0, BigInt((isDir ? rule.access : rule.access & FILE_RIGHTS) & handled), true);
    view.setInt32(8, pathFd, true);
    const bp = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(beneath)));
    const r = Number(
      c.syscall(BigInt(SYS_ADD_RULE), BigInt(fd), BigInt(RULE_PATH_BENEATH), bp, 0n, 0n),
    );
    const failure = r < 0 ? libcError(`add the Landlock rule for "${rule.path}"`) : undefined;
    c.close(pathFd);
    if (failure) throw failure;
  }
  const r = Number(c.syscall(BigInt(SYS_RESTRICT_SELF), BigInt(fd), 0n, 0n, 0n, 0n));
  if (r < 0) throw libcError("restrict the process with Landlock");
  c.close(fd);
}
