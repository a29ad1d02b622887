/** Escape suite, network and debugging: no TCP connection, no ptrace. */
import assert from "node:assert/strict";
import { countingListener, createSandboxFixture, createTempHome } from "../support/mod.ts";
import type { SandboxLevel } from "../../src/sandbox/mod.ts";

const LEVELS: SandboxLevel[] = ["minimal", "standard", "full"];
const PY = "/usr/bin/python3";
const hasPython = await Deno.stat(PY).then(() => true, () => false);
const hasCurl = await Deno.stat("/usr/bin/curl").then(() => true, () => false);

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() refuses TCP through bash /dev/tcp`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const server = countingListener();
    const r = await fx.sandbox.exec(`exec 3<>/dev/tcp/127.0.0.1/${server.port}; echo sent >&3`);
    await server.close();
    assert.notEqual(r.code, 0);
    assert.equal(server.accepted(), 0);
  });

  Deno.test(
    `sandbox (${level}) exec() refuses TCP through curl`,
    { ignore: !hasCurl },
    async () => {
      await using home = await createTempHome();
      const fx = await createSandboxFixture(home, level);
      const server = countingListener();
      const r = await fx.sandbox.exec(`curl -sS -m 5 http://127.0.0.1:${server.port}/`);
      await server.close();
      assert.notEqual(r.code, 0);
      assert.equal(server.accepted(), 0);
    },
  );

  Deno.test(
    `sandbox (${level}) exec() refuses a python socket`,
    { ignore: !hasPython },
    async () => {
      await using home = await createTempHome();
      const fx = await createSandboxFixture(home, level);
      const server = countingListener();
      const r = await fx.sandbox.exec(
        `${PY} -c "import socket; socket.create_connection(('127.0.0.1', ${server.port}), 5)"`,
      );
      await server.close();
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /PermissionError|Operation not permitted/);
      assert.equal(server.accepted(), 0);
    },
  );

  Deno.test(`sandbox (${level}) exec() refuses ptrace`, { ignore: !hasPython }, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(
      `${PY} -c "import ctypes; l = ctypes.CDLL(None, use_errno=True); ` +
        `print(l.ptrace(0, 0, 0, 0), ctypes.get_errno())"`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "-1 1"); // PTRACE_TRACEME → EPERM
  });
}

Deno.test("sandbox with network.policy allow exec() connects (the filter is what blocks)", async () => {
  await using home = await createTempHome();
  const fx = await createSandboxFixture(home, "standard", { network: { policy: "allow" } });
  const server = countingListener();
  const r = await fx.sandbox.exec(`exec 3<>/dev/tcp/127.0.0.1/${server.port}; echo hi >&3`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await server.close();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.accepted(), 1);
});
