import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import {
  appendAudit,
  GENESIS,
  headPath,
  readAudit,
  sha256Hex,
  verifyAuditLog,
  verifyChain,
} from "../../src/security/mod.ts";
import { createTempHome } from "../support/mod.ts";

async function logWith(n: number, root: string): Promise<string> {
  const path = join(root, "state", "localgpt.audit.jsonl");
  for (let i = 0; i < n; i++) {
    await appendAudit(path, { action: "verified", source: "cli", detail: `entry ${i}` });
  }
  return path;
}

Deno.test("appendAudit() writes the §9.5 fields and chains each line to the previous raw line", async () => {
  await using home = await createTempHome();
  const path = await logWith(3, home.root);
  const { lines, entries } = await readAudit(path);
  assert.equal(lines.length, 3);
  assert.deepEqual(Object.keys(entries[0]!).sort(), [
    "action",
    "content_sha256",
    "detail",
    "prev_entry_sha256",
    "source",
    "ts",
  ]);
  assert.equal(entries[0]!.prev_entry_sha256, GENESIS);
  assert.equal(entries[1]!.prev_entry_sha256, await sha256Hex(lines[0]));
  assert.equal(entries[2]!.prev_entry_sha256, await sha256Hex(lines[1]));
  assert.ok(!Number.isNaN(Date.parse(entries[0]!.ts)));
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.deepEqual(await verifyAuditLog(path), {
    intact: true,
    count: 3,
    broken: [],
    anchored: true,
  });
});

Deno.test("verifyAuditLog() detects an edit of any line, the last included", async () => {
  await using home = await createTempHome();
  const path = await logWith(5, home.root);
  const original = await Deno.readTextFile(path);
  for (let i = 0; i < 5; i++) {
    const lines = original.split("\n");
    lines[i] = lines[i].replace(`entry ${i}`, `entry ${i}!`);
    await Deno.writeTextFile(path, lines.join("\n"));
    const report = await verifyAuditLog(path);
    assert.equal(report.intact, false, `line ${i}`);
    assert.deepEqual(report.broken, [i === 4 ? 4 : i + 1], `line ${i}`);
  }
});

Deno.test("verifyAuditLog() detects a deleted last line and a deleted middle line", async () => {
  await using home = await createTempHome();
  const path = await logWith(4, home.root);
  const lines = (await Deno.readTextFile(path)).split("\n").filter(Boolean);
  await Deno.writeTextFile(path, lines.slice(0, 3).join("\n") + "\n");
  assert.equal((await verifyAuditLog(path)).intact, false);
  await Deno.writeTextFile(path, [lines[0], lines[2], lines[3]].join("\n") + "\n");
  assert.deepEqual((await verifyAuditLog(path)).broken, [1]);
});

Deno.test("verifyChain() reports an unparsable line as broken", async () => {
  const line0 = JSON.stringify({
    ts: "t",
    action: "verified",
    content_sha256: GENESIS,
    prev_entry_sha256: GENESIS,
    source: "cli",
  });
  assert.deepEqual((await verifyChain([line0, "{oops"])).broken, [1]);
});

Deno.test("appendAudit() recovers a torn last line with a chain_recovery entry", async () => {
  await using home = await createTempHome();
  const path = await logWith(2, home.root);
  await Deno.writeTextFile(path, '{"ts":"2026-01-01T00:00:00Z","act', { append: true });
  const written = await appendAudit(path, { action: "signed", source: "cli" });
  const { lines, entries } = await readAudit(path);
  assert.equal(lines.length, 5);
  assert.equal(entries[2], undefined);
  assert.equal(entries[3]!.action, "chain_recovery");
  assert.equal(entries[3]!.source, "audit_system");
  assert.equal(entries[3]!.prev_entry_sha256, await sha256Hex(lines[2]));
  assert.equal(entries[3]!.detail, "corrupted entry at index 2");
  assert.equal(written.prev_entry_sha256, await sha256Hex(lines[3]));
  assert.deepEqual((await verifyAuditLog(path)).broken, [2]); // only the torn line itself
});

Deno.test("appendAudit() keeps one chain under concurrent writers in two processes", async () => {
  await using home = await createTempHome();
  const path = join(home.root, "state", "localgpt.audit.jsonl");
  const script = fileURLToPath(new URL("../support/audit_writer.ts", import.meta.url));
  const run = (label: string) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "-P=test", script, path, label, "40"],
      stdout: "null",
      stderr: "piped",
    }).output();
  const [a, b] = await Promise.all([run("a"), run("b"), logWith(20, home.root)]);
  assert.ok(a.success && b.success, new TextDecoder().decode(a.stderr));
  const { entries } = await readAudit(path);
  assert.equal(entries.length, 100);
  assert.ok(entries.every((e) => e !== undefined));
  assert.deepEqual(await verifyAuditLog(path), {
    intact: true,
    count: 100,
    broken: [],
    anchored: true,
  });
  const details = new Set(entries.map((e) => e!.detail));
  assert.ok(details.has("a-39") && details.has("b-39") && details.has("entry 19"));
});

Deno.test("verifyAuditLog() reports an empty chain as intact", async () => {
  await using home = await createTempHome();
  const path = join(home.root, "none.jsonl");
  assert.deepEqual(await verifyAuditLog(path), {
    intact: true,
    count: 0,
    broken: [],
    anchored: false,
  });
  assert.equal(headPath(path), join(home.root, "none.head"));
});
