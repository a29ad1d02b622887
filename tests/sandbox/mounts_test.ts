import assert from "node:assert/strict";
import { join } from "node:path";
import {
  mountNamespaceArgs,
  planRoot,
  readOnlyMountPoints,
  removeCreatedProtected,
} from "../../src/sandbox/_mounts.ts";
import { FS, landlockRules, READ_WRITE } from "../../src/sandbox/_landlock.ts";
import { buildPolicy } from "../../src/sandbox/mod.ts";
import {
  createSandboxFixture,
  createTempHome,
  runProtectedAttacks,
  sandboxSettings,
} from "../support/mod.ts";

/** Runs `body` with a fresh temp dir, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const policyFor = (workspace: string) =>
  buildPolicy({ settings: sandboxSettings(), level: "standard", workspace, home: "/home/ann" });

Deno.test("readOnlyMountPoints() lists ro mount points and decodes octal escapes", () => {
  const info = [
    "22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda rw",
    "90 22 252:1 /w/LocalGPT.md /w/LocalGPT.md ro,relatime - ext4 /dev/vda rw",
    "91 22 252:1 /my\\040ws/IDENTITY.md /my\\040ws/IDENTITY.md ro,nosuid - ext4 /dev/vda rw",
    "92 22 0:5 / /dev rw,nosuid - devtmpfs udev ro",
    "",
  ].join("\n");
  assert.deepEqual([...readOnlyMountPoints(info)], ["/w/LocalGPT.md", "/my ws/IDENTITY.md"]);
});

Deno.test("mountNamespaceArgs() adds a user namespace keeping capabilities only for non-root", () => {
  assert.deepEqual(mountNamespaceArgs(0), ["--mount", "--propagation", "private"]);
  assert.deepEqual(mountNamespaceArgs(1000), [
    "--user",
    "--map-current-user",
    "--keep-caps",
    "--mount",
    "--propagation",
    "private",
  ]);
});

Deno.test("planRoot() mounts existing protected files and remembers absent ones", () =>
  inTempDir(async (ws) => {
    await Deno.writeTextFile(join(ws, "LocalGPT.md"), "p");
    await Deno.writeTextFile(join(ws, "IDENTITY.md"), "i");
    const plan = planRoot(policyFor(ws), true);
    assert.deepEqual(plan.readOnlyMounts, [join(ws, "LocalGPT.md"), join(ws, "IDENTITY.md")]);
    assert.deepEqual(plan.absent, [join(ws, ".localgpt_manifest.json")]);
    assert.deepEqual(plan.hiddenMounts, []);
    assert.equal(plan.readOnlyReason, undefined);
  }));

Deno.test("planRoot() hides the state files that live inside the workspace", () =>
  inTempDir(async (ws) => {
    await Deno.writeTextFile(join(ws, "localgpt.device.key"), "k");
    const policy = buildPolicy({
      settings: sandboxSettings(),
      level: "standard",
      workspace: ws,
      home: "/home/ann",
      protectedPaths: [join(ws, "localgpt.device.key"), "/elsewhere/localgpt.audit.jsonl"],
    });
    const plan = planRoot(policy, true);
    assert.deepEqual(plan.hiddenMounts, [join(ws, "localgpt.device.key")]);
    // Missing state files (audit log and head beside the key) are not removed afterwards.
    assert.ok(plan.absent.every((p) => !p.includes("audit")));
  }));

Deno.test("planRoot() keeps the root read-only for a non-file protected name or no namespaces", () =>
  inTempDir(async (ws) => {
    await Deno.mkdir(join(ws, "IDENTITY.md"));
    const plan = planRoot(policyFor(ws), true);
    assert.equal(plan.readOnlyMounts, undefined);
    assert.match(plan.readOnlyReason!, /"IDENTITY\.md" is not a regular file/);
    assert.match(planRoot(policyFor(ws), false).readOnlyReason!, /mount namespaces/);
  }));

Deno.test("removeCreatedProtected() removes only the absent names that now exist", () =>
  inTempDir(async (ws) => {
    await Deno.mkdir(join(ws, "IDENTITY.md"));
    await Deno.writeTextFile(join(ws, "IDENTITY.md", "x"), "x");
    await Deno.writeTextFile(join(ws, "keep.md"), "k");
    const removed = await removeCreatedProtected([
      join(ws, "IDENTITY.md"),
      join(ws, "LocalGPT.md"),
    ]);
    assert.deepEqual(removed, ["IDENTITY.md"]);
    assert.deepEqual([...Deno.readDirSync(ws)].map((e) => e.name), ["keep.md"]);
  }));

Deno.test("landlockRules() grants the whole workspace read-write when the root is writable", () => {
  const p = policyFor("/w");
  const rules = landlockRules(p, {
    tmpDir: "/tmp/x",
    top: [{ name: "memory", kind: "dir" }, { name: "LocalGPT.md", kind: "file" }],
    rootWritable: true,
  });
  assert.equal(rules.find((r) => r.path === "/w")!.access, READ_WRITE);
  assert.ok(READ_WRITE & FS.MAKE_REG && READ_WRITE & FS.REMOVE_FILE);
  assert.ok(!rules.some((r) => r.path.startsWith("/w/")));
});

Deno.test("runProtectedAttacks() reports every change when nothing confines the command", async () => {
  await using home = await createTempHome();
  const fx = await createSandboxFixture(home, "none");
  await Deno.writeTextFile(join(fx.workspace, "other"), "other\n");
  const failures = await runProtectedAttacks(fx.sandbox, fx.workspace, {
    existing: ["LocalGPT.md"],
    absent: [".localgpt_manifest.json"],
  });
  assert.ok(failures.some((f) => f.startsWith("echo x > LocalGPT.md:")), failures.join("\n"));
  assert.ok(failures.some((f) => /exists afterwards/.test(f)));
});
