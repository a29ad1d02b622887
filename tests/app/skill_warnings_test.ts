import assert from "node:assert/strict";
import { join } from "node:path";
import type { SkillProblem } from "../../src/agent/mod.ts";
import { SKILL_WARNINGS_FILE, unreportedSkillProblems } from "../../src/app/skill_warnings.ts";

async function tempDir(): Promise<string & AsyncDisposable> {
  const dir = await Deno.makeTempDir();
  return Object.assign(dir, {
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  }) as string & AsyncDisposable;
}

function problem(path: string, message = "no frontmatter"): SkillProblem {
  return { path, source: "workspace", message };
}

Deno.test("unreportedSkillProblems() returns a problem once until its file changes", async () => {
  await using dir = await tempDir();
  const file = join(`${dir}`, "SKILL.md");
  await Deno.writeTextFile(file, "x");
  assert.equal((await unreportedSkillProblems([problem(file)], `${dir}`)).length, 1);
  assert.deepEqual(await unreportedSkillProblems([problem(file)], `${dir}`), []);
  await Deno.writeTextFile(file, "xy");
  assert.equal((await unreportedSkillProblems([problem(file)], `${dir}`)).length, 1);
});

Deno.test("unreportedSkillProblems() reports a new message and a problem that came back", async () => {
  await using dir = await tempDir();
  const file = join(`${dir}`, "SKILL.md");
  await Deno.writeTextFile(file, "x");
  await unreportedSkillProblems([problem(file)], `${dir}`);
  const other = await unreportedSkillProblems([problem(file, "another")], `${dir}`);
  assert.deepEqual(other.map((p) => p.message), ["another"]);
  assert.deepEqual(await unreportedSkillProblems([], `${dir}`), []);
  assert.equal((await unreportedSkillProblems([problem(file)], `${dir}`)).length, 1);
});

Deno.test("unreportedSkillProblems() reports everything when its record is unreadable", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(join(`${dir}`, SKILL_WARNINGS_FILE), "{not json");
  const missing = join(`${dir}`, "gone", "SKILL.md");
  assert.equal((await unreportedSkillProblems([problem(missing)], `${dir}`)).length, 1);
  assert.deepEqual(await unreportedSkillProblems([problem(missing)], `${dir}`), []);
});
