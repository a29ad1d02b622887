import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkReadTarget,
  checkWriteTarget,
  guardPath,
  mentionsProtectedFile,
  readAudit,
} from "../../src/security/mod.ts";
import { SandboxDeniedError } from "../../src/core/mod.ts";
import { createTempHome, type TempHome } from "../support/mod.ts";

async function setup(home: TempHome) {
  const workspace = join(home.root, "ws");
  await Deno.mkdir(join(workspace, "memory"), { recursive: true });
  await Deno.writeTextFile(join(workspace, "LocalGPT.md"), "policy");
  return {
    workspace,
    deviceKey: join(home.root, "data", "localgpt.device.key"),
    auditLog: join(home.root, "state", "localgpt.audit.jsonl"),
    home: home.vars.HOME,
    caseInsensitive: false,
  };
}

Deno.test("checkWriteTarget() allows ordinary workspace files", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  assert.equal(await checkWriteTarget("memory/2026-01-01.md", ctx), undefined);
  assert.equal(await checkWriteTarget("MEMORY.md", ctx), undefined);
  assert.equal(await checkWriteTarget("memory/LocalGPT.md", ctx), undefined); // not the root one
});

Deno.test("checkWriteTarget() refuses each protected file by name", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  for (const name of ["LocalGPT.md", "IDENTITY.md", ".localgpt_manifest.json"]) {
    assert.equal((await checkWriteTarget(name, ctx))?.kind, "protected_file", name);
  }
  assert.ok(await checkWriteTarget(ctx.deviceKey, ctx));
  assert.ok(await checkWriteTarget(ctx.auditLog, ctx));
  assert.ok(await checkWriteTarget("/anywhere/localgpt.device.key", ctx));
});

Deno.test("checkWriteTarget() refuses .. paths that land on a protected file", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  assert.ok(await checkWriteTarget("memory/../LocalGPT.md", ctx));
  assert.ok(await checkWriteTarget(`${ctx.workspace}/memory/../../ws/IDENTITY.md`, ctx));
});

Deno.test("checkWriteTarget() refuses case variants of protected names", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  assert.ok(await checkWriteTarget("localgpt.MD", ctx));
  assert.ok(await checkWriteTarget("identity.md", ctx));
  const folded = { ...ctx, caseInsensitive: true };
  assert.ok(await checkWriteTarget(`${ctx.workspace.toUpperCase()}/LOCALGPT.md`, folded));
});

Deno.test("checkWriteTarget() follows symlinks, dangling ones and linked dirs included", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  await Deno.symlink("../LocalGPT.md", join(ctx.workspace, "memory", "link.md"));
  assert.ok(await checkWriteTarget("memory/link.md", ctx));
  await Deno.symlink("../IDENTITY.md", join(ctx.workspace, "memory", "dangling.md"));
  assert.ok(await checkWriteTarget("memory/dangling.md", ctx));
  await Deno.symlink(ctx.workspace, join(ctx.workspace, "memory", "root"));
  assert.ok(await checkWriteTarget("memory/root/LocalGPT.md", ctx));
});

Deno.test("checkWriteTarget() refuses a hard link to a protected file", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  await Deno.link(join(ctx.workspace, "LocalGPT.md"), join(ctx.workspace, "memory", "hard.md"));
  assert.ok(await checkWriteTarget("memory/hard.md", ctx));
});

Deno.test("checkWriteTarget() refuses credential paths under the home dir", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  const r = await checkWriteTarget(join(ctx.home, ".ssh", "authorized_keys"), ctx);
  assert.equal(r?.kind, "credential_path");
  assert.equal(await checkWriteTarget(join(ctx.home, "notes.txt"), ctx), undefined);
});

Deno.test("mentionsProtectedFile() finds protected names in a shell command", () => {
  assert.deepEqual(mentionsProtectedFile("echo hi >> localgpt.md"), ["LocalGPT.md"]);
  assert.deepEqual(mentionsProtectedFile("ls memory"), []);
});

Deno.test("checkReadTarget() refuses the device key and credential dirs, also through symlinks", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  assert.equal((await checkReadTarget(ctx.deviceKey, ctx))?.kind, "protected_file");
  assert.equal(
    (await checkReadTarget(join(ctx.home, ".aws", "credentials"), ctx))?.kind,
    "credential_path",
  );
  await Deno.symlink(join(ctx.home, ".netrc"), join(ctx.workspace, "memory", "n"));
  assert.equal((await checkReadTarget("memory/n", ctx))?.kind, "credential_path");
  assert.equal(await checkReadTarget("LocalGPT.md", ctx), undefined);
});

Deno.test("guardPath() throws SandboxDeniedError and audits write_blocked for a protected write", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  await assert.rejects(
    () => guardPath("LocalGPT.md", ctx, { mode: "write", source: "tool:write_file" }),
    (e: unknown) =>
      e instanceof SandboxDeniedError && /Cannot write "LocalGPT\.md"/.test(e.message),
  );
  const { entries } = await readAudit(ctx.auditLog);
  assert.equal(entries[0]!.action, "write_blocked");
  assert.equal(entries[0]!.source, "tool:write_file");
});

Deno.test("guardPath() audits path_denied for a credential read and passes ordinary paths", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  await assert.rejects(
    () =>
      guardPath(join(ctx.home, ".ssh", "id_rsa"), ctx, { mode: "read", source: "tool:read_file" }),
    SandboxDeniedError,
  );
  assert.equal((await readAudit(ctx.auditLog)).entries[0]!.action, "path_denied");
  await guardPath("memory/today.md", ctx, { mode: "write", source: "tool:write_file" });
  assert.equal((await readAudit(ctx.auditLog)).entries.length, 1);
});
