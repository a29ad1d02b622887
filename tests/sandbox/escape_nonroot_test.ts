/**
 * Escape suite, the non-root path: an ordinary user gets its mount namespace inside a user
 * namespace (`unshare --user --map-current-user --keep-caps --mount`). Runs only as root with
 * setpriv(1), which drops the test to the `nobody` user.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SandboxLevel } from "../../src/sandbox/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SETPRIV = "/usr/bin/setpriv";
const NOBODY = 65534;
const canDrop = Deno.uid() === 0 &&
  await Deno.stat(SETPRIV).then(() => true, () => false);

async function runAsNobody(level: SandboxLevel) {
  const tmp = await Deno.makeTempDir({ prefix: "localgpt-nonroot-" });
  try {
    await Deno.chmod(tmp, 0o777);
    const out = await new Deno.Command(SETPRIV, {
      args: [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        "--clear-groups",
        Deno.execPath(),
        "run",
        "-q",
        "-P=test",
        `--config=${ROOT}deno.json`,
        join(ROOT, "tests/support/nonroot_attacks.ts"),
        level,
      ],
      env: { HOME: tmp, TMPDIR: tmp, DENO_DIR: join(tmp, "deno"), PATH: "/usr/bin:/bin" },
      clearEnv: true,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

for (const level of ["standard", "full"] as const) {
  Deno.test({
    name: `sandbox (${level}) as a non-root user: the root is writable, protected files are not`,
    ignore: !canDrop,
    async fn() {
      const r = await runAsNobody(level);
      assert.equal(r.uid, NOBODY);
      assert.equal(r.capabilities.mountNamespaces, true);
      assert.equal(r.workspaceRoot.writable, true);
      assert.equal(r.rootOps.code, 0, r.rootOps.stderr);
      // The command runs as the user itself, not as root of the user namespace.
      assert.equal(r.rootOps.stdout, `${NOBODY}\n`);
      assert.equal(r.kept, "x\n");
      assert.deepEqual(r.failures, []);
    },
  });
}
