/**
 * Escape suite, the workspace root: commands create, rename and delete entries there, while the
 * protected files stay unchanged whatever the trick, with mount namespaces (read-only bind
 * mounts) and without them (read-only root).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createSandboxFixture,
  createTempHome,
  runProtectedAttacks,
  sandboxSettings,
  SECRET,
  type TempHome,
} from "../support/mod.ts";
import { createSandbox, detectCapabilities, type SandboxLevel } from "../../src/sandbox/mod.ts";

const LEVELS: SandboxLevel[] = ["standard", "full"];
const ROOT_OPS = "echo x > notes.txt && mv notes.txt kept.txt && mkdir d && mv kept.txt d/ && " +
  "mv d/kept.txt . && echo y > gone.txt && rm gone.txt && rmdir d && " +
  "echo z > MEMORY.md.tmp && mv MEMORY.md.tmp MEMORY.md && ln -s kept.txt link && rm link";

async function fixture(home: TempHome, level: SandboxLevel, mountNamespaces: boolean) {
  const real = await detectCapabilities();
  const fx = await createSandboxFixture(home, level, {}, {
    capabilities: { ...real, mountNamespaces: real.mountNamespaces && mountNamespaces },
  });
  await Deno.writeTextFile(join(fx.workspace, "other"), "other\n");
  return fx;
}

/** A standard-level sandbox over `workspace` (the fixture's own is built from its paths). */
function standardSandbox(workspace: string, home: string, protectedPaths: string[] = []) {
  return createSandbox({
    settings: sandboxSettings(),
    workspace,
    home,
    protectedPaths,
    vars: { PATH: "/usr/bin:/bin", HOME: home },
  });
}

const hasMountNamespaces = (await detectCapabilities()).mountNamespaces;

for (const level of LEVELS) {
  Deno.test({
    name: `sandbox (${level}) exec() creates, renames and deletes entries at the workspace root`,
    ignore: !hasMountNamespaces,
    async fn() {
      await using home = await createTempHome();
      const fx = await fixture(home, level, true);
      assert.equal(fx.sandbox.workspaceRoot.writable, true);
      const r = await fx.sandbox.exec(ROOT_OPS);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.rootReadOnly, undefined);
      assert.equal(await Deno.readTextFile(join(fx.workspace, "kept.txt")), "x\n");
      assert.equal(await Deno.readTextFile(join(fx.workspace, "MEMORY.md")), "z\n");
      assert.equal(await Deno.stat(join(fx.workspace, "gone.txt")).catch(() => null), null);
    },
  });

  Deno.test({
    name: `sandbox (${level}) exec() keeps protected files unchanged at a writable root`,
    ignore: !hasMountNamespaces,
    async fn() {
      await using home = await createTempHome();
      const fx = await fixture(home, level, true);
      const failures = await runProtectedAttacks(fx.sandbox, fx.workspace, {
        existing: ["LocalGPT.md", "IDENTITY.md"],
        absent: [".localgpt_manifest.json"],
      });
      assert.deepEqual(failures, []);
      const mode = (await Deno.stat(join(fx.workspace, "LocalGPT.md"))).mode;
      const r = await fx.sandbox.exec("chmod 000 LocalGPT.md");
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Read-only file system/);
      assert.equal((await Deno.stat(join(fx.workspace, "LocalGPT.md"))).mode, mode);
    },
  });

  Deno.test(`sandbox (${level}) exec() removes a protected file the command created and says so`, {
    ignore: !hasMountNamespaces,
  }, async () => {
    await using home = await createTempHome();
    const fx = await fixture(home, level, true);
    const r = await fx.sandbox.exec("echo '{}' > .localgpt_manifest.json && echo done");
    assert.equal(r.stdout, "done\n");
    assert.equal(r.denied, true);
    assert.match(r.stderr, /removed "\.localgpt_manifest\.json": commands may not create/);
    const left = await Deno.lstat(join(fx.workspace, ".localgpt_manifest.json")).catch(() => null);
    assert.equal(left, null);
  });

  Deno.test(`sandbox (${level}) exec() keeps the root read-only without mount namespaces`, async () => {
    await using home = await createTempHome();
    const fx = await fixture(home, level, false);
    assert.equal(fx.sandbox.workspaceRoot.writable, false);
    assert.match(fx.sandbox.workspaceRoot.detail, /read-only: .*mount namespaces/);
    const r = await fx.sandbox.exec("echo x > notes.txt");
    assert.notEqual(r.code, 0);
    assert.equal(r.denied, true);
    assert.match(r.rootReadOnly ?? "", /mount namespaces/);
    const inFolder = await fx.sandbox.exec("echo x > memory/new.md && echo y >> MEMORY.md");
    assert.equal(inFolder.code, 0, inFolder.stderr);
    const failures = await runProtectedAttacks(fx.sandbox, fx.workspace, {
      existing: ["LocalGPT.md", "IDENTITY.md"],
      absent: [],
    });
    assert.deepEqual(failures, []);
  });
}

Deno.test({
  name: "sandbox exec() keeps the root read-only for a call where a protected name is a symlink",
  ignore: !hasMountNamespaces,
  async fn() {
    await using home = await createTempHome();
    const fx = await fixture(home, "standard", true);
    await Deno.remove(join(fx.workspace, "IDENTITY.md"));
    await Deno.symlink("memory/notes.md", join(fx.workspace, "IDENTITY.md"));
    const r = await fx.sandbox.exec("echo x > notes.txt || rm IDENTITY.md");
    assert.notEqual(r.code, 0);
    assert.match(r.rootReadOnly ?? "", /"IDENTITY\.md" is not a regular file/);
    assert.equal((await Deno.lstat(join(fx.workspace, "IDENTITY.md"))).isSymlink, true);
  },
});

Deno.test({
  name: "sandbox exec() protects the files of a workspace reached through a symlink",
  ignore: !hasMountNamespaces,
  async fn() {
    await using home = await createTempHome();
    const fx = await fixture(home, "standard", true);
    const link = join(home.root, "ws-link");
    await Deno.symlink(fx.workspace, link);
    const sandbox = await standardSandbox(link, fx.home);
    const r = await sandbox.exec("echo x > notes.txt && echo x > LocalGPT.md");
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /LocalGPT\.md: Read-only file system/);
    assert.equal(await Deno.readTextFile(join(fx.workspace, "notes.txt")), "x\n");
  },
});

Deno.test({
  name: "sandbox exec() can neither read nor change a device key kept inside the workspace",
  ignore: !hasMountNamespaces,
  async fn() {
    await using home = await createTempHome();
    const fx = await fixture(home, "standard", true);
    const key = join(fx.workspace, "localgpt.device.key");
    await Deno.writeTextFile(key, SECRET);
    const sandbox = await standardSandbox(fx.workspace, fx.home, [key]);
    const read = await sandbox.exec("cat localgpt.device.key; wc -c < localgpt.device.key");
    assert.doesNotMatch(read.stdout + read.stderr, new RegExp(SECRET));
    assert.equal(read.stdout.trim(), "0");
    for (const attack of ["echo x > localgpt.device.key", "rm -f localgpt.device.key"]) {
      await sandbox.exec(attack);
      assert.equal(await Deno.readTextFile(key), SECRET, attack);
    }
  },
});
