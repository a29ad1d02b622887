/** Builds the seccomp-bpf program (pure): EPERM for network, debugging and session-escape calls. */

/** Network syscalls denied unless `sandbox.network.policy = "allow"` (the reference list). */
export const NETWORK_SYSCALLS = [
  "socket",
  "connect",
  "accept",
  "accept4",
  "bind",
  "listen",
  "sendto",
  "sendmsg",
  "sendmmsg",
  "recvfrom",
  "recvmsg",
  "recvmmsg",
] as const;

/**
 * Always denied: debugging (`ptrace` and cross-process memory access), leaving the process group
 * the parent kills on timeout (`setsid`, `setpgid`), io_uring (its ring can open sockets without
 * passing through the filtered syscalls), opening files by handle (no path for Landlock to check),
 * and loading kernel code (modules, kexec, eBPF, perf).
 */
export const ALWAYS_DENIED_SYSCALLS = [
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "setsid",
  "setpgid",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
  "open_by_handle_at",
  "init_module",
  "finit_module",
  "delete_module",
  "kexec_load",
  "kexec_file_load",
  "bpf",
  "perf_event_open",
] as const;

type SyscallName = typeof NETWORK_SYSCALLS[number] | typeof ALWAYS_DENIED_SYSCALLS[number];

/** Architectures the filter knows: audit arch constant and syscall numbers. */
export const ARCHES: Record<
  string,
  { audit: number; x32Bit?: number; nr: Record<SyscallName, number> }
> = {
  x86_64: {
    audit: 0xc000003e,
    x32Bit: 0x40000000,
    nr: {
      socket: 41,
      connect: 42,
      accept: 43,
      sendto: 44,
      recvfrom: 45,
      sendmsg: 46,
      recvmsg: 47,
      bind: 49,
      listen: 50,
      ptrace: 101,
      setpgid: 109,
      setsid: 112,
      accept4: 288,
      recvmmsg: 299,
      sendmmsg: 307,
      process_vm_readv: 310,
      process_vm_writev: 311,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      init_module: 175,
      delete_module: 176,
      kexec_load: 246,
      perf_event_open: 298,
      open_by_handle_at: 304,
      finit_module: 313,
      kexec_file_load: 320,
      bpf: 321,
    },
  },
  aarch64: {
    audit: 0xc00000b7,
    nr: {
      ptrace: 117,
      setpgid: 154,
      setsid: 157,
      socket: 198,
      bind: 200,
      listen: 201,
      accept: 202,
      connect: 203,
      sendto: 206,
      recvfrom: 207,
      sendmsg: 211,
      recvmsg: 212,
      accept4: 242,
      recvmmsg: 243,
      sendmmsg: 269,
      process_vm_readv: 270,
      process_vm_writev: 271,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      kexec_load: 104,
      init_module: 105,
      delete_module: 106,
      perf_event_open: 241,
      open_by_handle_at: 265,
      finit_module: 273,
      bpf: 280,
      kexec_file_load: 294,
    },
  },
};

const LD_W_ABS = 0x20, JEQ_K = 0x15, JGE_K = 0x35, RET_K = 0x06;
/** seccomp return values. */
export const RET = { allow: 0x7fff0000, errno: 0x00050000, killProcess: 0x80000000 } as const;
const EPERM = 1;

/** One `struct sock_filter`. */
export interface BpfInstruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

/** The syscalls the filter denies for a network policy. */
export function deniedSyscalls(network: "deny" | "allow"): SyscallName[] {
  return [...(network === "deny" ? NETWORK_SYSCALLS : []), ...ALWAYS_DENIED_SYSCALLS];
}

/** The filter for `arch`: wrong architecture kills, denied calls get EPERM, the rest pass. */
export function buildSeccompFilter(arch: string, network: "deny" | "allow"): BpfInstruction[] {
  const spec = ARCHES[arch];
  if (!spec) throw new RangeError(`Cannot build a seccomp filter for "${arch}": unknown arch`);
  const numbers = deniedSyscalls(network).map((name) => spec.nr[name]);
  const checks = (spec.x32Bit ? 1 : 0) + numbers.length;
  const allowAt = 3 + checks, errnoAt = allowAt + 1, killAt = errnoAt + 1;
  const prog: BpfInstruction[] = [
    { code: LD_W_ABS, jt: 0, jf: 0, k: 4 }, // seccomp_data.arch
    { code: JEQ_K, jt: 0, jf: killAt - 2, k: spec.audit },
    { code: LD_W_ABS, jt: 0, jf: 0, k: 0 }, // seccomp_data.nr
  ];
  // x32 syscalls share the x86_64 audit arch; refuse the whole range.
  if (spec.x32Bit) prog.push({ code: JGE_K, jt: errnoAt - prog.length - 1, jf: 0, k: spec.x32Bit });
  for (const nr of numbers) prog.push({ code: JEQ_K, jt: errnoAt - prog.length - 1, jf: 0, k: nr });
  prog.push({ code: RET_K, jt: 0, jf: 0, k: RET.allow });
  prog.push({ code: RET_K, jt: 0, jf: 0, k: RET.errno | EPERM });
  prog.push({ code: RET_K, jt: 0, jf: 0, k: RET.killProcess });
  return prog;
}

/** Encodes instructions as the bytes of a `struct sock_filter[]` (little-endian hosts). */
export function encodeFilter(prog: BpfInstruction[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(prog.length * 8);
  const view = new DataView(out.buffer);
  prog.forEach((ins, i) => {
    view.setUint16(i * 8, ins.code, true);
    view.setUint8(i * 8 + 2, ins.jt);
    view.setUint8(i * 8 + 3, ins.jf);
    view.setUint32(i * 8 + 4, ins.k >>> 0, true);
  });
  return out;
}

/** Runs the program on one `(arch, nr)` the way the kernel would (for tests and `status`). */
export function evaluateFilter(prog: BpfInstruction[], arch: number, nr: number): number {
  let acc = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const ins = prog[pc];
    if (ins.code === LD_W_ABS) acc = ins.k === 4 ? arch : nr;
    else if (ins.code === JEQ_K) pc += acc === ins.k ? ins.jt : ins.jf;
    else if (ins.code === JGE_K) pc += acc >= ins.k ? ins.jt : ins.jf;
    else if (ins.code === RET_K) return ins.k >>> 0;
  }
  throw new Error("Cannot evaluate seccomp filter: fell off the end");
}
