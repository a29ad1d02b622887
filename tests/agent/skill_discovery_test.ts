import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverSkills, skillRoots } from "../../src/agent/skill_discovery.ts";
import { loadSkillCatalog } from "../../src/agent/skill_catalog.ts";
import { createTempHome } from "../support/mod.ts";

async function writeSkill(dir: string, text: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const file = join(dir, "SKILL.md");
  await Deno.writeTextFile(file, text);
  return file;
}

const skillText = (name: string, description = `the ${name} skill`) =>
  `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n`;

Deno.test("skillRoots() orders extra < data dir < ~/.agents < project < workspace", () => {
  const roots = skillRoots({
    workspace: "/ws",
    home: "/home/u",
    skillsDir: "/data/skills",
    extraDirs: ["~/more"],
  });
  assert.deepEqual(roots.map((r) => [r.source, r.dir]), [
    ["extra", "/home/u/more"],
    ["managed", "/data/skills"],
    ["personal", "/home/u/.agents/skills"],
    ["project", "/ws/.agents/skills"],
    ["workspace", "/ws/skills"],
  ]);
});

Deno.test("discoverSkills() lets the workspace win a name collision and records the shadowed one", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  const data = join(home.root, "data", "skills");
  await writeSkill(join(data, "weather"), skillText("weather", "managed copy"));
  await writeSkill(join(data, "notes"), skillText("notes"));
  await writeSkill(join(ws, "skills", "weather"), skillText("weather", "workspace copy"));
  const roots = skillRoots({ workspace: ws, home: home.host.home, skillsDir: data });
  const found = await discoverSkills(roots);
  assert.deepEqual(found.skills.map((s) => [s.name, s.source, s.description]), [
    ["notes", "managed", "the notes skill"],
    ["weather", "workspace", "workspace copy"],
  ]);
  assert.equal(found.shadowed.length, 1);
  assert.equal(found.shadowed[0].skill.description, "managed copy");
});

Deno.test("discoverSkills() keeps the first map position of an overridden name", async () => {
  await using home = await createTempHome();
  const ws = join(home.root, "ws");
  const data = join(home.root, "data", "skills");
  await writeSkill(join(data, "b-skill"), skillText("b-skill"));
  await writeSkill(join(data, "c-skill"), skillText("c-skill"));
  await writeSkill(join(ws, "skills", "a-skill"), skillText("a-skill"));
  await writeSkill(join(ws, "skills", "b-skill"), skillText("b-skill", "override"));
  const found = await discoverSkills(skillRoots({ workspace: ws, home: "", skillsDir: data }));
  assert.deepEqual(found.skills.map((s) => s.name), ["b-skill", "c-skill", "a-skill"]);
});

Deno.test("discoverSkills() reports broken and description-less files instead of dropping them", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "skills");
  await writeSkill(join(root, "canvas"), "# Canvas Skill\nno frontmatter\n");
  await writeSkill(join(root, "empty"), "---\nname: empty\n---\n");
  await writeSkill(join(root, "good"), skillText("good"));
  const found = await discoverSkills([{ dir: root, source: "workspace" }]);
  assert.deepEqual(found.skills.map((s) => s.name), ["good"]);
  assert.deepEqual(
    found.problems.map((p) => [p.path, p.message]),
    [
      [join(root, "canvas", "SKILL.md"), 'no frontmatter: the file must start with a "---" line'],
      [join(root, "empty", "SKILL.md"), 'the frontmatter has no "description"'],
    ],
  );
});

Deno.test("discoverSkills() finds nested SKILL.md files and skips dot folders and node_modules", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "skills");
  await writeSkill(join(root, "personal", "deep"), skillText("deep"));
  await writeSkill(join(root, ".hidden"), skillText("hidden"));
  await writeSkill(join(root, "node_modules", "pkg"), skillText("pkg"));
  const found = await discoverSkills([{ dir: root, source: "workspace" }]);
  assert.deepEqual(found.skills.map((s) => s.name), ["deep"]);
});

Deno.test("discoverSkills() treats a root with its own SKILL.md as one skill", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "single");
  await writeSkill(root, skillText("single"));
  await writeSkill(join(root, "other"), skillText("other"));
  const found = await discoverSkills([{ dir: root, source: "extra" }]);
  assert.deepEqual(found.skills.map((s) => s.name), ["single"]);
});

Deno.test("discoverSkills() reports a SKILL.md over 256000 bytes", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "skills");
  await writeSkill(join(root, "big"), skillText("big") + "x".repeat(256_001));
  const found = await discoverSkills([{ dir: root, source: "workspace" }]);
  assert.equal(found.skills.length, 0);
  assert.match(found.problems[0].message, /limit 256000/);
});

Deno.test("discoverSkills() follows a symlinked skill folder", async () => {
  await using home = await createTempHome();
  const real = join(home.root, "elsewhere", "linked");
  await writeSkill(real, skillText("linked"));
  const root = join(home.root, "skills");
  await Deno.mkdir(root, { recursive: true });
  await Deno.symlink(real, join(root, "linked"));
  const found = await discoverSkills([{ dir: root, source: "workspace" }]);
  assert.deepEqual(found.skills.map((s) => s.name), ["linked"]);
});

Deno.test("loadSkillCatalog() marks a skill ineligible with the missing binary as reason", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "skills");
  await writeSkill(
    join(root, "logs"),
    `---\nname: logs\ndescription: d\nmetadata: { "openclaw": { "requires": { "bins": ["jq", "rg"] } } }\n---\n`,
  );
  const catalog = await loadSkillCatalog([{ dir: root, source: "workspace" }], {
    os: "linux",
    vars: {},
    hasBin: (b) => b === "jq",
  });
  assert.deepEqual(catalog.entries[0].eligibility, {
    eligible: false,
    reason: "missing on PATH: rg",
  });
});

Deno.test("discoverSkills() descends into a nested skills/ folder of a root (a cloned repo)", async () => {
  await using home = await createTempHome();
  const root = join(home.root, "repo");
  await writeSkill(join(root, "skills", "inner"), skillText("inner"));
  await Deno.writeTextFile(join(root, "README.md"), "# repo");
  const found = await discoverSkills([{ dir: root, source: "extra" }]);
  assert.deepEqual(found.skills.map((s) => s.name), ["inner"]);
});
