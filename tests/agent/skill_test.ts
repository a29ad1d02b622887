import assert from "node:assert/strict";
import { parseSkill } from "../../src/agent/skill.ts";
import { parseFrontmatter } from "../../src/agent/frontmatter.ts";

const at = { filePath: "/ws/skills/github/SKILL.md", source: "workspace" as const };

Deno.test("parseSkill() reads JSON5 metadata with trailing commas (the github skill)", () => {
  const skill = parseSkill(
    `---
name: github
description: "Interact with GitHub using the \`gh\` CLI."
metadata:
  {
    "openclaw":
      {
        "emoji": "🐙",
        "requires": { "bins": ["gh"] },
        "install":
          [
            { "id": "brew", "kind": "brew", "formula": "gh", "bins": ["gh"] },
            { "id": "apt", "kind": "apt", "package": "gh", "bins": ["gh"] },
          ],
      },
  }
---

# GitHub Skill
`,
    at,
  );
  assert.equal(skill.name, "github");
  assert.equal(skill.description, "Interact with GitHub using the `gh` CLI.");
  assert.equal(skill.metadata?.emoji, "🐙");
  assert.deepEqual(skill.metadata?.requires.bins, ["gh"]);
  assert.deepEqual(skill.warnings, []);
});

Deno.test("parseSkill() trims a block-scalar description (the feishu-doc skill)", () => {
  const skill = parseSkill(
    "---\nname: feishu-doc\ndescription: |\n  Feishu document read/write operations. Activate when user mentions Feishu docs.\n---\nbody\n",
    at,
  );
  assert.equal(
    skill.description,
    "Feishu document read/write operations. Activate when user mentions Feishu docs.",
  );
});

Deno.test("parseSkill() keeps single-quoted descriptions containing double quotes", () => {
  const skill = parseSkill(
    `---\nname: coding-agent\ndescription: 'Run Codex via "bash" in ~/projects; use: background'\nmetadata: {"openclaw": {"requires": {"anyBins": ["claude", "codex"]}}}\n---\n`,
    at,
  );
  assert.equal(skill.description, 'Run Codex via "bash" in ~/projects; use: background');
  assert.deepEqual(skill.metadata?.requires.anyBins, ["claude", "codex"]);
});

Deno.test("parseSkill() loads an unquoted description containing ': ' instead of dropping it", () => {
  const skill = parseSkill(
    "---\nname: weather\ndescription: Get weather. Use when: user asks about rain. NOT for: history\n---\n",
    at,
  );
  assert.equal(skill.description, "Get weather. Use when: user asks about rain. NOT for: history");
});

Deno.test("parseSkill() throws when the file has no frontmatter (the canvas skill)", () => {
  assert.throws(() => parseSkill("# Canvas Skill\n\nDraw things.\n", at), /no frontmatter/);
});

Deno.test("parseSkill() throws when the description is missing or empty", () => {
  assert.throws(() => parseSkill("---\nname: x\n---\n", at), /no "description"/);
});

Deno.test("parseSkill() throws when the frontmatter is not closed", () => {
  assert.throws(() => parseSkill("---\nname: x\ndescription: y\n", at), /no closing "---"/);
});

Deno.test("parseSkill() reads flags, allowed-tools, command dispatch and homepage in metadata", () => {
  const skill = parseSkill(
    `---
name: acp-router
description: Route ("telephone game" flow) requests
user-invocable: false
disable-model-invocation: yes
allowed-tools: ["message"]
command-dispatch: tool
command-tool: acp
metadata: { "clawdbot": { "homepage": "https://x.dev", "os": ["darwin"] } }
---
`,
    at,
  );
  assert.equal(skill.userInvocable, false);
  assert.equal(skill.disableModelInvocation, true);
  assert.deepEqual(skill.allowedTools, ["message"]);
  assert.equal(skill.commandTool, "acp");
  assert.equal(skill.homepage, "https://x.dev");
  assert.deepEqual(skill.metadata?.os, ["darwin"]);
});

Deno.test("parseSkill() uses the folder name when the name is missing", () => {
  assert.equal(parseSkill("---\ndescription: d\n---\n", at).name, "github");
});

Deno.test("parseSkill() reads block-style YAML metadata", () => {
  const skill = parseSkill(
    "---\ndescription: d\nmetadata:\n  openclaw:\n    requires:\n      env: [GEMINI_API_KEY]\n      bins: uv, jq\n    primaryEnv: GEMINI_API_KEY\n---\n",
    at,
  );
  assert.deepEqual(skill.metadata?.requires.env, ["GEMINI_API_KEY"]);
  assert.deepEqual(skill.metadata?.requires.bins, ["uv", "jq"]);
  assert.equal(skill.metadata?.primaryEnv, "GEMINI_API_KEY");
});

Deno.test("parseSkill() warns and ignores metadata that is not valid JSON5", () => {
  const skill = parseSkill(`---\ndescription: d\nmetadata: '{"openclaw": {'\n---\n`, at);
  assert.equal(skill.metadata, undefined);
  assert.match(skill.warnings.join("\n"), /metadata is not valid JSON5/);
});

Deno.test("parseSkill() reads useWhen strings and objects and drops a bad regex with a warning", () => {
  const skill = parseSkill(
    `---\ndescription: d\nuseWhen:\n  - weather\n  - matches: "rain|snow"\n    channel: telegram\ndontUseWhen:\n  - matches: "(["\n---\n`,
    at,
  );
  assert.deepEqual(skill.useWhen, [{ contains: "weather" }, {
    matches: "rain|snow",
    channel: "telegram",
  }]);
  assert.deepEqual(skill.dontUseWhen, []);
  assert.match(skill.warnings.join("\n"), /not a valid regex/);
});

Deno.test("parseSkill() warns about a name that is not lowercase-hyphen", () => {
  const skill = parseSkill("---\nname: My Skill\ndescription: d\n---\n", at);
  assert.match(skill.warnings.join("\n"), /not lowercase-hyphen/);
});

Deno.test("parseFrontmatter() falls back to the line parser and says so when YAML is broken", () => {
  const fm = parseFrontmatter("---\nname: x\ndescription: ok\nbad: [unclosed\n---\nbody");
  assert.equal(fm.data.description, "ok");
  assert.equal(fm.body, "body");
  assert.match(fm.warnings[0], /not valid YAML/);
});

Deno.test("parseFrontmatter() accepts CRLF line endings and a BOM", () => {
  const fm = parseFrontmatter("\uFEFF---\r\nname: x\r\ndescription: y\r\n---\r\nbody\r\n");
  assert.deepEqual(fm.data, { name: "x", description: "y" });
  assert.equal(fm.body, "body\n");
});
