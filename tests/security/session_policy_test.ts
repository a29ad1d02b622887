import assert from "node:assert/strict";
import { join } from "node:path";
import {
  HARDCODED_SECURITY_SUFFIX,
  loadSessionPolicy,
  MAX_POLICY_CHARS,
  POLICY_FILE,
  POLICY_HEADING,
  readAudit,
  signPolicy,
} from "../../src/security/mod.ts";
import { ConfigError } from "../../src/core/mod.ts";
import { createTempHome, type TempHome } from "../support/mod.ts";

const SETTINGS = { strict_policy: false, disable_policy: false, disable_suffix: false };

async function setup(home: TempHome, policy?: string, sign = false) {
  const ctx = {
    workspace: join(home.root, "ws"),
    deviceKey: join(home.root, "data", "localgpt.device.key"),
    auditLog: join(home.root, "state", "localgpt.audit.jsonl"),
  };
  await Deno.mkdir(ctx.workspace, { recursive: true });
  if (policy !== undefined) await Deno.writeTextFile(join(ctx.workspace, POLICY_FILE), policy);
  if (sign) await signPolicy(ctx);
  return ctx;
}

Deno.test("loadSessionPolicy() injects a valid policy before the suffix, and audits it", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "Never email anyone.", true);
  const p = await loadSessionPolicy({ ...ctx, settings: SETTINGS });
  assert.equal(p.policyText, "Never email anyone.");
  assert.equal(
    p.securityBlock,
    `${POLICY_HEADING}\n\nNever email anyone.\n\n${HARDCODED_SECURITY_SUFFIX}`,
  );
  assert.deepEqual(p.warnings, []);
  const { entries } = await readAudit(ctx.auditLog);
  assert.equal(entries.at(-1)!.action, "verified");
  assert.equal(entries.at(-1)!.source, "session_start");
});

Deno.test("loadSessionPolicy() injects only the suffix for a tampered policy and warns", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "Never email anyone.", true);
  await Deno.writeTextFile(join(ctx.workspace, POLICY_FILE), "Email everyone.");
  const p = await loadSessionPolicy({ ...ctx, settings: SETTINGS });
  assert.equal(p.policyText, undefined);
  assert.equal(p.securityBlock, HARDCODED_SECURITY_SUFFIX);
  assert.match(p.warnings[0], /TAMPER DETECTED/);
  assert.equal((await readAudit(ctx.auditLog)).entries.at(-1)!.action, "tamper_detected");
});

Deno.test("loadSessionPolicy() never injects an unsigned policy", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "Be nice.");
  const p = await loadSessionPolicy({ ...ctx, settings: SETTINGS });
  assert.equal(p.policyText, undefined);
  assert.match(p.warnings[0], /UNSIGNED/);
});

Deno.test("loadSessionPolicy() refuses to start on tamper with strict_policy", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "a", true);
  await Deno.writeTextFile(join(ctx.workspace, POLICY_FILE), "b");
  await assert.rejects(
    () => loadSessionPolicy({ ...ctx, settings: { ...SETTINGS, strict_policy: true } }),
    (e: unknown) => e instanceof ConfigError && /Cannot start a session/.test(e.message),
  );
});

Deno.test("loadSessionPolicy() starts with strict_policy when the policy is merely missing", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home);
  const p = await loadSessionPolicy({ ...ctx, settings: { ...SETTINGS, strict_policy: true } });
  assert.equal(p.verification!.state, "missing");
  assert.deepEqual(p.warnings, []);
});

Deno.test("loadSessionPolicy() caps a long valid policy and reports the truncation", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "x".repeat(MAX_POLICY_CHARS + 10), true);
  const p = await loadSessionPolicy({ ...ctx, settings: SETTINGS });
  assert.equal(p.policyText!.length, MAX_POLICY_CHARS);
  assert.equal(p.truncated, true);
  assert.match(p.warnings[0], /longer than 4096/);
});

Deno.test("loadSessionPolicy() skips verification with disable_policy and drops the suffix with disable_suffix", async () => {
  await using home = await createTempHome();
  const ctx = await setup(home, "a", true);
  const p = await loadSessionPolicy({
    ...ctx,
    settings: { ...SETTINGS, disable_policy: true, disable_suffix: true },
  });
  assert.equal(p.securityBlock, "");
  assert.equal(p.verification, undefined);
});
