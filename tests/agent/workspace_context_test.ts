import assert from "node:assert/strict";
import { join } from "node:path";
import { dailyNoteDates, loadWorkspaceContext } from "../../src/agent/workspace_context.ts";
import { createTempHome } from "../support/mod.ts";

const NOW = new Date("2026-03-01T10:00:00Z");

Deno.test("dailyNoteDates() dates today and yesterday in the given time zone", () => {
  assert.deepEqual(dailyNoteDates(NOW, "UTC"), ["2026-03-01", "2026-02-28"]);
  assert.deepEqual(dailyNoteDates(new Date("2026-03-01T02:00:00Z"), "America/New_York"), [
    "2026-02-28",
    "2026-02-27",
  ]);
});

Deno.test("loadWorkspaceContext() reads the files that exist in prompt order", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  await Deno.mkdir(join(ws, "memory"), { recursive: true });
  for (const name of ["HEARTBEAT.md", "SOUL.md", "IDENTITY.md", "MEMORY.md"]) {
    await Deno.writeTextFile(join(ws, name), `# ${name}`);
  }
  await Deno.writeTextFile(join(ws, "memory", "2026-02-28.md"), "yesterday");
  await Deno.writeTextFile(join(ws, "memory", "2026-02-27.md"), "too old");
  const ctx = await loadWorkspaceContext(ws, { now: NOW, timeZone: "UTC" });
  assert.deepEqual(ctx.files.map((f) => f.name), [
    "IDENTITY.md",
    "SOUL.md",
    "MEMORY.md",
    "memory/2026-02-28.md",
    "HEARTBEAT.md",
  ]);
  assert.deepEqual(ctx.skipped, []);
});

Deno.test("loadWorkspaceContext() skips a symlink pointing outside the workspace", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  await Deno.mkdir(ws, { recursive: true });
  const secret = join(home.root, "secret.txt");
  await Deno.writeTextFile(secret, "private key");
  await Deno.symlink(secret, join(ws, "USER.md"));
  const ctx = await loadWorkspaceContext(ws, { now: NOW, timeZone: "UTC" });
  assert.equal(ctx.files.length, 0);
  assert.equal(ctx.skipped[0].name, "USER.md");
  assert.match(ctx.skipped[0].reason, /outside the workspace/);
});

Deno.test("loadWorkspaceContext() follows a symlink that stays inside the workspace", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  await Deno.mkdir(join(ws, "notes"), { recursive: true });
  await Deno.writeTextFile(join(ws, "notes", "me.md"), "about me");
  await Deno.symlink(join(ws, "notes", "me.md"), join(ws, "USER.md"));
  const ctx = await loadWorkspaceContext(ws, { now: NOW, timeZone: "UTC" });
  assert.deepEqual(ctx.files.map((f) => f.content), ["about me"]);
});

Deno.test("loadWorkspaceContext() skips files over 2 MiB and directories", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  await Deno.mkdir(join(ws, "TOOLS.md"), { recursive: true });
  await Deno.writeTextFile(join(ws, "MEMORY.md"), "x".repeat(2 * 1024 * 1024 + 1));
  const ctx = await loadWorkspaceContext(ws, { now: NOW, timeZone: "UTC" });
  assert.equal(ctx.files.length, 0);
  assert.deepEqual(ctx.skipped.map((s) => s.name), ["TOOLS.md", "MEMORY.md"]);
  assert.match(ctx.skipped[1].reason, /2097152-byte limit/);
});

Deno.test("loadWorkspaceContext() returns nothing for a missing workspace", async () => {
  const ctx = await loadWorkspaceContext("/nonexistent/ws", { now: NOW });
  assert.deepEqual(ctx, { files: [], skipped: [] });
});
