import assert from "node:assert/strict";
import { parseSkill } from "../../src/agent/skill.ts";
import { routeSkills, skillApplies } from "../../src/agent/skill_routing.ts";

const skill = (name: string, extra = "") =>
  parseSkill(`---\nname: ${name}\ndescription: d\n${extra}---\n`, {
    filePath: `/s/${name}/SKILL.md`,
    source: "workspace",
  });

Deno.test("skillApplies() offers a skill without conditions for every message", () => {
  assert.equal(skillApplies(skill("any"), { message: "hello" }), true);
});

Deno.test("skillApplies() needs one useWhen condition to match, case-insensitively", () => {
  const s = skill("weather", 'useWhen:\n  - Weather\n  - matches: "\\\\b(rain|snow)\\\\b"\n');
  assert.equal(skillApplies(s, { message: "what's the WEATHER" }), true);
  assert.equal(skillApplies(s, { message: "will it Rain today" }), true);
  assert.equal(skillApplies(s, { message: "tell me a joke" }), false);
});

Deno.test("skillApplies() requires every field of one condition (channel and tool)", () => {
  const s = skill(
    "tg",
    "useWhen:\n  - contains: deploy\n    channel: telegram\n    hasTool: bash\n",
  );
  assert.equal(skillApplies(s, { message: "deploy", channel: "telegram", tools: ["bash"] }), true);
  assert.equal(skillApplies(s, { message: "deploy", channel: "cli", tools: ["bash"] }), false);
  assert.equal(skillApplies(s, { message: "deploy", channel: "telegram", tools: [] }), false);
});

Deno.test("routeSkills() drops skills whose dontUseWhen matches", () => {
  const skills = [skill("a", "dontUseWhen: history\n"), skill("b")];
  assert.deepEqual(routeSkills(skills, { message: "weather history" }).map((s) => s.name), ["b"]);
});
