import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkSkillEligibility,
  createBinLookup,
  type EligibilityContext,
} from "../../src/agent/skill_eligibility.ts";
import { parseSkill } from "../../src/agent/skill.ts";
import { createTempHome } from "../support/mod.ts";

const skill = (openclaw: string) =>
  parseSkill(`---\nname: s\ndescription: d\nmetadata: { "openclaw": ${openclaw} }\n---\n`, {
    filePath: "/s/SKILL.md",
    source: "workspace",
  });
const ctx = (over: Partial<EligibilityContext> = {}): EligibilityContext => ({
  os: "linux",
  vars: {},
  hasBin: () => true,
  ...over,
});

Deno.test("checkSkillEligibility() is eligible without a metadata block", () => {
  const plain = parseSkill("---\ndescription: d\n---\n", {
    filePath: "/s/SKILL.md",
    source: "extra",
  });
  assert.deepEqual(checkSkillEligibility(plain, ctx({ hasBin: () => false })), { eligible: true });
});

Deno.test("checkSkillEligibility() refuses another OS even when always is set", () => {
  const result = checkSkillEligibility(skill('{ "os": ["darwin"], "always": true }'), ctx());
  assert.deepEqual(result, { eligible: false, reason: "only for darwin (this is linux)" });
});

Deno.test("checkSkillEligibility() maps win32 and macos platform names", () => {
  assert.equal(
    checkSkillEligibility(skill('{ "os": ["win32"] }'), ctx({ os: "windows" })).eligible,
    true,
  );
  assert.equal(
    checkSkillEligibility(skill('{ "os": ["macos"] }'), ctx({ os: "darwin" })).eligible,
    true,
  );
});

Deno.test("checkSkillEligibility() skips the requires checks when always is true", () => {
  const result = checkSkillEligibility(
    skill('{ "always": true, "requires": { "bins": ["x"] } }'),
    ctx({ hasBin: () => false }),
  );
  assert.deepEqual(result, { eligible: true });
});

Deno.test("checkSkillEligibility() needs one of anyBins", () => {
  const s = skill('{ "requires": { "anyBins": ["claude", "codex"] } }');
  assert.deepEqual(checkSkillEligibility(s, ctx({ hasBin: () => false })), {
    eligible: false,
    reason: "needs one of on PATH: claude, codex",
  });
  assert.equal(checkSkillEligibility(s, ctx({ hasBin: (b) => b === "codex" })).eligible, true);
});

Deno.test("checkSkillEligibility() names missing or empty env variables", () => {
  const s = skill('{ "requires": { "env": ["A_KEY", "B_KEY"] } }');
  assert.deepEqual(checkSkillEligibility(s, ctx({ vars: { A_KEY: "x", B_KEY: "" } })), {
    eligible: false,
    reason: "missing environment variables: B_KEY",
  });
});

Deno.test("checkSkillEligibility() refuses a skill disabled in config", () => {
  const result = checkSkillEligibility(skill("{}"), ctx({ disabled: ["s"] }));
  assert.deepEqual(result, { eligible: false, reason: "disabled in config (skills.disabled)" });
});

Deno.test("checkSkillEligibility() checks requires.config through the lookup", () => {
  const s = skill('{ "requires": { "config": ["telegram.enabled"] } }');
  assert.equal(checkSkillEligibility(s, ctx()).eligible, false);
  assert.equal(checkSkillEligibility(s, ctx({ configValue: () => true })).eligible, true);
});

Deno.test("createBinLookup() finds executables on PATH and ignores non-executable files", async () => {
  await using home = await createTempHome();
  const bin = join(home.root, "bin");
  await Deno.mkdir(bin);
  await Deno.writeTextFile(join(bin, "tool"), "#!/bin/sh\n", { mode: 0o755 });
  await Deno.writeTextFile(join(bin, "plain"), "x", { mode: 0o644 });
  const has = createBinLookup({ PATH: `/nonexistent:${bin}` }, "linux");
  assert.equal(has("tool"), true);
  assert.equal(has("plain"), false);
  assert.equal(has("missing"), false);
});
