/** Escape suite, reads: planted secrets in a fake HOME must not leak through the real sandbox. */
import assert from "node:assert/strict";
import { createSandboxFixture, createTempHome, SECRET } from "../support/mod.ts";
import type { SandboxLevel } from "../../src/sandbox/mod.ts";

const LEVELS: SandboxLevel[] = ["standard", "full"];
const PY = "/usr/bin/python3";
const hasPython = await Deno.stat(PY).then(() => true, () => false);

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() reads workspace files (positive control)`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec("cat memory/notes.md LocalGPT.md");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /public notes/);
  });

  Deno.test(`sandbox (${level}) exec() refuses cat of every planted secret`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    for (const file of fx.secrets) {
      const r = await fx.sandbox.exec(`cat "${file}"`);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Permission denied/);
      assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), file);
      assert.equal(r.denied, true);
    }
  });

  Deno.test(`sandbox (${level}) exec() refuses reading a secret from python3`, {
    ignore: !hasPython,
  }, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const ok = await fx.sandbox.exec(`${PY} -c "print(open('memory/notes.md').read())"`);
    assert.match(ok.stdout, /public notes/, ok.stderr); // python itself runs
    const r = await fx.sandbox.exec(`${PY} -c "print(open('${fx.secrets[0]}').read())"`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /PermissionError/);
    assert.ok(!r.stdout.includes(SECRET));
  });

  Deno.test(`sandbox (${level}) exec() refuses a secret through /proc/self/root`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(`cat /proc/self/root${fx.secrets[1]}`);
    assert.notEqual(r.code, 0);
    assert.ok(!r.stdout.includes(SECRET));
  });

  Deno.test(`sandbox (${level}) exec() refuses a secret through a symlink made in the workspace`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(`ln -s "${fx.secrets[0]}" memory/key && cat memory/key`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Permission denied/);
    assert.ok(!r.stdout.includes(SECRET));
  });

  Deno.test(`sandbox (${level}) exec() refuses a hard link to a secret`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(`ln "${fx.secrets[2]}" memory/netrc; cat memory/netrc`);
    assert.notEqual(r.code, 0);
    assert.ok(!r.stdout.includes(SECRET));
  });

  Deno.test(`sandbox (${level}) exec() refuses listing the home dir`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(`ls -a "${fx.home}" "${fx.home}/.ssh"`);
    assert.notEqual(r.code, 0);
    assert.ok(!r.stdout.includes("id_rsa"));
  });

  Deno.test(`sandbox (${level}) exec() gives commands no API keys from the environment`, async () => {
    await using home = await createTempHome({ OPENAI_API_KEY: SECRET });
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec("env");
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes(SECRET));
    assert.match(r.stdout, /^TMPDIR=/m);
  });
}

// Deno refuses to stat /dev without -A, so ask test(1).
const disk = ["/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda"].find((d) =>
  new Deno.Command("test", { args: ["-b", d] }).outputSync().success
);

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() runs commands with no capabilities, even as root`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    // `read` is a bash builtin, so /proc/self is bash itself (the only /proc dir granted).
    const r = await fx.sandbox.exec(
      "while read -r k v; do case $k in CapEff:|CapPrm:|NoNewPrivs:|Seccomp:) echo $k $v;; esac; " +
        "done < /proc/self/status",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^CapPrm: 0000000000000000$/m);
    assert.match(r.stdout, /^CapEff: 0000000000000000$/m);
    assert.match(r.stdout, /^NoNewPrivs: 1$/m);
    assert.match(r.stdout, /^Seccomp: 2$/m);
  });

  Deno.test(
    `sandbox (${level}) exec() refuses reading the raw disk`,
    { ignore: !disk },
    async () => {
      await using home = await createTempHome();
      const fx = await createSandboxFixture(home, level);
      const r = await fx.sandbox.exec(`head -c 4096 ${disk} | wc -c`);
      assert.equal(r.stdout.trim(), "0");
      assert.match(r.stderr, /Permission denied|Operation not permitted/);
    },
  );
}

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() leaves commands no descriptor but stdio`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    // Landlock does not check files that are already open: nothing may be inherited.
    const r = await fx.sandbox.exec("ls /proc/$$/fd; true"); // "; true": bash forks, stays
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n").map(Number).sort(), [0, 1, 2]);
  });
}
