import assert from "node:assert/strict";
import { parseSkill, type Skill } from "../../src/agent/skill.ts";
import {
  expandSkillInvocation,
  formatSkillsSection,
  sanitizeCommandName,
  skillCommands,
} from "../../src/agent/skill_prompt.ts";

const make = (name: string, extra = ""): Skill =>
  parseSkill(`---\nname: ${name}\ndescription: Does <${name}> & more\n${extra}---\n`, {
    filePath: `/home/u/ws/skills/${name}/SKILL.md`,
    source: "workspace",
  });

Deno.test("formatSkillsSection() lists skills XML-escaped with ~ locations", () => {
  const text = formatSkillsSection([make("weather")], { home: "/home/u" });
  assert.match(text, /^## Skills \(mandatory\)\n/);
  assert.match(
    text,
    /<available_skills>\n {2}<skill>\n {4}<name>weather<\/name>\n {4}<description>Does &lt;weather&gt; &amp; more<\/description>\n {4}<location>~\/ws\/skills\/weather\/SKILL.md<\/location>\n {2}<\/skill>\n<\/available_skills>$/,
  );
  assert.match(text, /with `read_file`/);
});

Deno.test("formatSkillsSection() is empty when no skill is offered to the model", () => {
  assert.equal(formatSkillsSection([]), "");
  assert.equal(formatSkillsSection([make("hidden", "disable-model-invocation: true\n")]), "");
});

Deno.test("formatSkillsSection() keeps the longest prefix within maxChars and says so", () => {
  const skills = ["a", "b", "c", "d"].map((n) => make(`skill-${n}`));
  const text = formatSkillsSection(skills, { maxChars: 900 });
  const count = (text.match(/<skill>/g) ?? []).length;
  assert.ok(count > 0 && count < 4, `kept ${count}`);
  assert.match(text, new RegExp(`Skills truncated: included ${count} of 4`));
});

Deno.test("formatSkillsSection() honours maxSkills", () => {
  const text = formatSkillsSection([make("one"), make("two")], { maxSkills: 1 });
  assert.match(text, /included 1 of 2/);
  assert.doesNotMatch(text, /<name>two</);
});

Deno.test("sanitizeCommandName() makes lowercase-hyphen names of at most 32 characters", () => {
  assert.equal(sanitizeCommandName("Gh Issues!"), "gh-issues");
  assert.equal(sanitizeCommandName("a".repeat(40)), "a".repeat(32));
});

Deno.test("skillCommands() skips non-invocable skills and reserved names and dedups clashes", () => {
  const commands = skillCommands(
    [make("help"), make("Deploy"), make("deploy"), make("quiet", "user-invocable: false\n")],
    ["help"],
  );
  assert.deepEqual(commands.map((c) => c.command), ["help-2", "deploy", "deploy-2"]);
});

Deno.test("expandSkillInvocation() turns /name args into a prompt naming the skill file", () => {
  const commands = skillCommands([make("weather")]);
  const inv = expandSkillInvocation("/weather  Berlin tomorrow ", commands, "/home/u");
  assert.equal(
    inv?.prompt,
    'Use the "weather" skill for this request. Read its instructions at ~/ws/skills/weather/SKILL.md first.\n\nUser input:\nBerlin tomorrow',
  );
  assert.equal(inv?.tool, undefined);
});

Deno.test("expandSkillInvocation() accepts /skill <name> and ignores unknown commands", () => {
  const commands = skillCommands([make("weather")]);
  assert.equal(expandSkillInvocation("/skill weather Paris", commands)?.args, "Paris");
  assert.equal(expandSkillInvocation("/help", commands), undefined);
  assert.equal(expandSkillInvocation("weather", commands), undefined);
});

Deno.test("expandSkillInvocation() dispatches to the tool of a command-dispatch skill", () => {
  const commands = skillCommands([make("deploy", "command-dispatch: tool\ncommand-tool: bash\n")]);
  assert.deepEqual(expandSkillInvocation("/deploy prod", commands)?.tool, {
    name: "bash",
    args: { command: "prod", commandName: "deploy", skillName: "deploy" },
  });
});
