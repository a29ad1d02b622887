import assert from "node:assert/strict";
import {
  ALWAYS_DENIED_SYSCALLS,
  buildSeccompFilter,
  deniedSyscalls,
  evaluateFilter,
  NETWORK_SYSCALLS,
} from "../../src/sandbox/mod.ts";
import { ARCHES, encodeFilter, RET } from "../../src/sandbox/_bpf.ts";

const EPERM = RET.errno | 1;

Deno.test("NETWORK_SYSCALLS lists exactly the reference's network calls", () => {
  assert.deepEqual([...NETWORK_SYSCALLS].sort(), [
    "accept",
    "accept4",
    "bind",
    "connect",
    "listen",
    "recvfrom",
    "recvmmsg",
    "recvmsg",
    "sendmmsg",
    "sendmsg",
    "sendto",
    "socket",
  ]);
  assert.ok(ALWAYS_DENIED_SYSCALLS.includes("ptrace"));
});

for (const arch of Object.keys(ARCHES)) {
  const spec = ARCHES[arch];
  Deno.test(`buildSeccompFilter(${arch}) returns EPERM for every denied syscall`, () => {
    const prog = buildSeccompFilter(arch, "deny");
    for (const name of deniedSyscalls("deny")) {
      assert.equal(evaluateFilter(prog, spec.audit, spec.nr[name]), EPERM, name);
    }
  });

  Deno.test(`buildSeccompFilter(${arch}) allows syscalls that are not listed`, () => {
    const prog = buildSeccompFilter(arch, "deny");
    const denied = new Set(Object.values(spec.nr));
    for (let nr = 0; nr < 460; nr++) {
      if (!denied.has(nr)) {
        assert.equal(evaluateFilter(prog, spec.audit, nr), RET.allow, `nr ${nr}`);
      }
    }
  });

  Deno.test(`buildSeccompFilter(${arch}) kills a process calling with another architecture`, () => {
    const prog = buildSeccompFilter(arch, "deny");
    assert.equal(evaluateFilter(prog, 0x40000003, /* i386 */ 1), RET.killProcess);
  });

  Deno.test(`buildSeccompFilter(${arch}) allows sockets but not ptrace when network is allowed`, () => {
    const prog = buildSeccompFilter(arch, "allow");
    assert.equal(evaluateFilter(prog, spec.audit, spec.nr.socket), RET.allow);
    assert.equal(evaluateFilter(prog, spec.audit, spec.nr.connect), RET.allow);
    assert.equal(evaluateFilter(prog, spec.audit, spec.nr.ptrace), EPERM);
  });
}

Deno.test("buildSeccompFilter(x86_64) refuses the x32 syscall range", () => {
  const prog = buildSeccompFilter("x86_64", "deny");
  assert.equal(evaluateFilter(prog, ARCHES.x86_64.audit, 0x40000000 + 39), EPERM);
});

Deno.test("buildSeccompFilter() throws RangeError for an unknown architecture", () => {
  assert.throws(() => buildSeccompFilter("riscv64", "deny"), RangeError);
});

Deno.test("encodeFilter() lays out 8-byte little-endian sock_filter entries", () => {
  const bytes = encodeFilter([{ code: 0x15, jt: 2, jf: 3, k: 0xc000003e }]);
  assert.deepEqual([...bytes], [0x15, 0, 2, 3, 0x3e, 0, 0, 0xc0]);
});
