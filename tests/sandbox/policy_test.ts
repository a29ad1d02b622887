import assert from "node:assert/strict";
import { buildPolicy, CREDENTIAL_DIRS, resolveLevel } from "../../src/sandbox/mod.ts";
import type { SandboxCapabilities } from "../../src/sandbox/mod.ts";
import { FS, landlockRules, READ_WRITE } from "../../src/sandbox/_landlock.ts";
import { ConfigError } from "../../src/core/mod.ts";
import { unshareArgs } from "../../src/sandbox/child.ts";
import { sandboxSettings } from "../support/mod.ts";

const HOME = "/home/ann";
const policy = (read: string[] = [], write: string[] = []) =>
  buildPolicy({
    settings: sandboxSettings({ allow_paths: { read, write } }),
    level: "standard",
    workspace: "/home/ann/.local/share/localgpt/workspace",
    home: HOME,
    protectedPaths: ["/home/ann/.local/share/localgpt/localgpt.device.key"],
  });

Deno.test("buildPolicy() denies every credential dir of the reference", () => {
  assert.deepEqual(policy().denyPaths, CREDENTIAL_DIRS.map((d) => `${HOME}/${d}`));
  assert.ok(policy().denyPaths.includes(`${HOME}/.ssh`));
});

Deno.test("buildPolicy() drops allow paths that overlap a credential dir or the home dir", () => {
  const p = policy(["~/.ssh/keys", "~", "/opt/tools"], ["/", "~/.aws"]);
  assert.deepEqual(p.ignored.map((i) => i.path), ["~/.ssh/keys", "~", "/", "~/.aws"]);
  assert.ok(p.readPaths.includes("/opt/tools"));
  assert.deepEqual(p.writePaths, []);
});

Deno.test("buildPolicy() drops a write path that contains the device key", () => {
  const p = policy([], ["~/.local/share/localgpt"]);
  assert.equal(p.writePaths.length, 0);
  assert.match(p.ignored[0].reason, /protected file/);
});

Deno.test("buildPolicy() drops a write path that contains the workspace's protected files", () => {
  const p = policy([], ["/home/ann/.local/share/localgpt/workspace", "/opt/out"]);
  assert.deepEqual(p.writePaths, ["/opt/out"]);
  assert.match(p.ignored[0].reason, /contains the protected file ".*LocalGPT\.md"/);
});

Deno.test("buildPolicy() drops relative allow paths", () => {
  assert.equal(policy(["data"]).ignored[0].reason, "not an absolute path");
});

Deno.test("landlockRules() grants no rule on protected files, whatever their case", () => {
  const p = policy();
  const rules = landlockRules(p, {
    tmpDir: "/tmp/x",
    top: [
      { name: "localgpt.md", kind: "file" },
      { name: "IDENTITY.md", kind: "file" },
      { name: ".localgpt_manifest.json", kind: "file" },
      { name: "MEMORY.md", kind: "file" },
      { name: "memory", kind: "dir" },
      { name: "escape", kind: "symlink" },
    ],
  });
  const paths = rules.map((r) => r.path.slice(p.workspace.length + 1));
  assert.ok(paths.includes("MEMORY.md") && paths.includes("memory"));
  for (const name of ["localgpt.md", "IDENTITY.md", ".localgpt_manifest.json", "escape"]) {
    assert.ok(!paths.includes(name), name);
  }
});

Deno.test("landlockRules() makes the workspace root read-only and its folders read-write", () => {
  const p = policy();
  const rules = landlockRules(p, { tmpDir: "/tmp/x", top: [{ name: "memory", kind: "dir" }] });
  const root = rules.find((r) => r.path === p.workspace)!;
  assert.equal(root.access & (FS.WRITE_FILE | FS.REMOVE_FILE | FS.MAKE_REG), 0);
  assert.equal(rules.find((r) => r.path.endsWith("/memory"))!.access, READ_WRITE);
  assert.equal(rules.find((r) => r.path === "/tmp/x")!.access, READ_WRITE);
  assert.ok(!rules.some((r) => r.path === HOME || r.path.startsWith(`${HOME}/.ssh`)));
});

const caps = (over: Partial<SandboxCapabilities>): SandboxCapabilities => ({
  os: "linux",
  arch: "x86_64",
  landlockAbi: 7,
  seccomp: true,
  userNamespaces: true,
  mountNamespaces: true,
  seatbelt: false,
  processLimit: "rlimit",
  ...over,
});

Deno.test("resolveLevel() picks the best level for auto", () => {
  assert.equal(resolveLevel("auto", true, caps({})), "full");
  assert.equal(resolveLevel("auto", true, caps({ userNamespaces: false })), "standard");
  assert.equal(resolveLevel("auto", true, caps({ landlockAbi: 0 })), "minimal");
  assert.equal(resolveLevel("auto", true, caps({ seccomp: false, landlockAbi: 0 })), "none");
  assert.equal(resolveLevel("auto", true, caps({ os: "darwin", seatbelt: true })), "standard");
});

Deno.test("resolveLevel() throws ConfigError for a level the host cannot provide", () => {
  assert.throws(() => resolveLevel("full", true, caps({ landlockAbi: 3 })), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /sandbox\.level.*"full" needs Landlock ABI >= 4/);
    return true;
  });
  assert.throws(() => resolveLevel("standard", true, caps({ landlockAbi: 0 })), ConfigError);
});

Deno.test("resolveLevel() returns none when the sandbox is disabled", () => {
  assert.equal(resolveLevel("full", false, caps({})), "none");
});

Deno.test("unshareArgs() maps the current user except for root, and adds --net only when denying", () => {
  assert.deepEqual(unshareArgs("deny", 1000), ["--user", "--map-current-user", "--net"]);
  assert.deepEqual(unshareArgs("allow", 1000), ["--user", "--map-current-user"]);
  assert.deepEqual(unshareArgs("deny", 0), ["--user", "--net"]); // mapping uid 0 needs CAP_SETFCAP
});
