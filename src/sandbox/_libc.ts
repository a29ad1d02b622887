/** The few libc calls the Linux sandbox needs, through Deno FFI (dlopen of libc.so.6). */

const SYMBOLS = {
  syscall: { parameters: ["i64", "i64", "i64", "i64", "i64", "i64"], result: "i64" },
  prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  setrlimit: { parameters: ["i32", "buffer"], result: "i32" },
  open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "u64"], result: "i64" },
  write: { parameters: ["i32", "buffer", "u64"], result: "i64" },
  mkdir: { parameters: ["buffer", "u32"], result: "i32" },
  rmdir: { parameters: ["buffer"], result: "i32" },
  mount: { parameters: ["buffer", "buffer", "pointer", "u64", "pointer"], result: "i32" },
  execve: { parameters: ["buffer", "buffer", "buffer"], result: "i32" },
  setsid: { parameters: [], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

/** The opened libc. */
export type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let lib: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens libc once; throws on non-glibc hosts (the caller reports the capability as missing). */
export function libc(): Libc {
  lib ??= Deno.dlopen("libc.so.6", SYMBOLS);
  return lib.symbols;
}

/** The calling thread's errno. */
export function errno(): number {
  const p = libc().__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
}

const ERRNO_NAMES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  13: "EACCES",
  14: "EFAULT",
  16: "EBUSY",
  22: "EINVAL",
  38: "ENOSYS",
  95: "EOPNOTSUPP",
};

/** A `Cannot <action>: errno N (NAME)` error for the last failed call. */
export function libcError(action: string): Error {
  const n = errno();
  return new Error(`Cannot ${action}: errno ${n}${ERRNO_NAMES[n] ? ` (${ERRNO_NAMES[n]})` : ""}`);
}

/** A NUL-terminated C string. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** A NULL-terminated `char*[]`; keep the returned `keep` array alive until the call is done. */
export function cStringArray(items: string[]): {
  array: Uint8Array<ArrayBuffer>;
  keep: Uint8Array[];
} {
  const keep = items.map(cString);
  const pointers = new BigUint64Array(items.length + 1);
  keep.forEach((s, i) => pointers[i] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(s))));
  return { array: new Uint8Array(pointers.buffer), keep };
}

/** `open(2)` flags that differ between architectures. */
export const O = {
  RDONLY: 0,
  WRONLY: 1,
  CLOEXEC: 0o2000000,
  PATH: 0o10000000,
  DIRECTORY: Deno.build.arch === "aarch64" ? 0o40000 : 0o200000,
} as const;

const SYS_GETDENTS64: Record<string, bigint> = { x86_64: 217n, aarch64: 61n };

// Deno refuses /proc and /sys paths without --allow-all; these helpers use libc directly.

/** Reads a (small) file; undefined when it cannot be opened. */
export function rawRead(path: string): string | undefined {
  const c = libc();
  const fd = c.open(cString(path), O.RDONLY | O.CLOEXEC, 0);
  if (fd < 0) return undefined;
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  try {
    while (true) {
      const n = Number(c.read(fd, buf, BigInt(buf.length)));
      if (n <= 0) break;
      chunks.push(buf.slice(0, n));
    }
  } finally {
    c.close(fd);
  }
  return new TextDecoder().decode(concat(chunks));
}

/** Writes `text` to an existing file (cgroup control files); false on failure. */
export function rawWrite(path: string, text: string): boolean {
  const c = libc();
  const fd = c.open(cString(path), O.WRONLY | O.CLOEXEC, 0);
  if (fd < 0) return false;
  const data = new TextEncoder().encode(text);
  const n = Number(c.write(fd, data, BigInt(data.length)));
  c.close(fd);
  return n === data.length;
}

/** `mkdir(2)`; false on failure. */
export function rawMkdir(path: string, mode = 0o755): boolean {
  return libc().mkdir(cString(path), mode) === 0;
}

/** `rmdir(2)`; false on failure. */
export function rawRmdir(path: string): boolean {
  return libc().rmdir(cString(path)) === 0;
}

/** Names in a directory (getdents64), without `.` and `..`; empty when it cannot be read. */
export function rawListDir(path: string): string[] {
  const c = libc();
  const nr = SYS_GETDENTS64[Deno.build.arch];
  const fd = c.open(cString(path), O.RDONLY | O.DIRECTORY | O.CLOEXEC, 0);
  if (fd < 0 || nr === undefined) return [];
  const names: string[] = [];
  const buf = new Uint8Array(65536);
  const ptr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf)));
  const view = new DataView(buf.buffer);
  const decoder = new TextDecoder();
  try {
    while (true) {
      const n = Number(c.syscall(nr, BigInt(fd), ptr, BigInt(buf.length), 0n, 0n));
      if (n <= 0) break;
      for (let at = 0; at < n;) {
        const reclen = view.getUint16(at + 16, true);
        const end = buf.indexOf(0, at + 19);
        const name = decoder.decode(buf.subarray(at + 19, end));
        if (name !== "." && name !== "..") names.push(name);
        at += reclen;
      }
    }
  } finally {
    c.close(fd);
  }
  return names;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
