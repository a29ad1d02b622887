import assert from "node:assert/strict";
import { isHeartbeatFileEmpty, isHeartbeatOk, preview } from "../../src/heartbeat/mod.ts";

Deno.test("isHeartbeatFileEmpty() is true for headings, blanks, comments and stubs", () => {
  assert.equal(isHeartbeatFileEmpty(""), true);
  assert.equal(isHeartbeatFileEmpty("# Heartbeat\n\n## Tasks\n- [ ]\n-\n"), true);
  assert.equal(isHeartbeatFileEmpty("# H\n<!-- add tasks\nhere -->\n```\n```\n"), true);
});

Deno.test("isHeartbeatFileEmpty() is true when every task is checked", () => {
  assert.equal(isHeartbeatFileEmpty("# Tasks\n- [x] water plants\n* [X] pay rent\n"), true);
});

Deno.test("isHeartbeatFileEmpty() is false for an open task or plain text", () => {
  assert.equal(isHeartbeatFileEmpty("# Tasks\n- [x] done\n- [ ] check mail\n"), false);
  assert.equal(isHeartbeatFileEmpty("Check the build every morning.\n"), false);
});

Deno.test("isHeartbeatOk() accepts the token alone or with up to 30 other characters", () => {
  assert.equal(isHeartbeatOk("HEARTBEAT_OK"), true);
  assert.equal(isHeartbeatOk("  **HEARTBEAT_OK**\n"), true);
  assert.equal(isHeartbeatOk("HEARTBEAT_OK - nothing to do today."), true);
  assert.equal(isHeartbeatOk("HEARTBEAT_OK" + "x".repeat(30)), true);
  assert.equal(isHeartbeatOk("HEARTBEAT_OK" + "x".repeat(31)), false);
});

Deno.test("isHeartbeatOk() is false without the token or for a long alert", () => {
  assert.equal(isHeartbeatOk("All quiet"), false);
  assert.equal(isHeartbeatOk("heartbeat_ok"), false);
  assert.equal(
    isHeartbeatOk("Your server certificate expires tomorrow. HEARTBEAT_OK otherwise."),
    false,
  );
});

Deno.test("preview() flattens whitespace and cuts at 200 characters", () => {
  assert.equal(preview("a\n\n b"), "a b");
  const p = preview("y".repeat(500));
  assert.equal(p.length, 200);
  assert.ok(p.endsWith("…"));
});

Deno.test("isHeartbeatFileEmpty() is true for the HEARTBEAT.md a new workspace gets", async () => {
  const { ensureWorkspace } = await import("../../src/memory/mod.ts");
  const dir = await Deno.makeTempDir();
  try {
    await ensureWorkspace(dir);
    assert.equal(isHeartbeatFileEmpty(await Deno.readTextFile(`${dir}/HEARTBEAT.md`)), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
