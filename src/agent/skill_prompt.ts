/** Skills in the conversation: the `<available_skills>` prompt block and `/name args` commands. */
import type { Skill } from "./skill.ts";

/** Options for `formatSkillsSection()`. */
export interface SkillsPromptOptions {
  /** Home directory: locations under it are shown as `~/…`. */
  home?: string;
  /** Name of the tool that reads files (default `read_file`). */
  readTool?: string;
  /** At most this many skills (default 150). */
  maxSkills?: number;
  /** The formatted list stays within this many characters (default 30000). */
  maxChars?: number;
}

/** One slash command backed by a skill. */
export interface SkillCommand {
  /** The command without the slash, lowercase-hyphen, at most 32 characters. */
  command: string;
  skill: Skill;
}

/** What `/name args` turned into. */
export interface SkillInvocation {
  skill: Skill;
  args: string;
  /** The user message sent to the model instead of the slash command. */
  prompt: string;
  /** Set when the skill dispatches straight to a tool (`command-dispatch: tool`). */
  tool?: { name: string; args: { command: string; commandName: string; skillName: string } };
}

const XML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes `& < > " '` for the XML-ish prompt block. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML[c]);
}

/** The `## Skills` section for the system prompt, or "" when no skill is offered to the model. */
export function formatSkillsSection(
  skills: readonly Skill[],
  options: SkillsPromptOptions = {},
): string {
  const offered = skills.filter((s) => !s.disableModelInvocation);
  if (offered.length === 0) return "";
  const readTool = options.readTool ?? "read_file";
  const limited = offered.slice(0, options.maxSkills ?? 150);
  const maxChars = options.maxChars ?? 30000;
  // Binary search for the longest prefix whose formatted list fits the character budget.
  let lo = 0;
  let hi = limited.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (formatSkillList(limited.slice(0, mid), options.home).length <= maxChars) lo = mid;
    else hi = mid - 1;
  }
  const included = limited.slice(0, lo);
  const lines = [
    "## Skills (mandatory)",
    "Before replying: scan <available_skills> <description> entries.",
    `- If exactly one skill clearly applies: read its SKILL.md at <location> with \`${readTool}\`, then follow it.`,
    "- If multiple could apply: choose the most specific one, then read/follow it.",
    "- If none clearly apply: do not read any SKILL.md.",
    "Constraints: never read more than one skill up front; only read after selecting.",
  ];
  if (included.length < offered.length) {
    lines.push(
      `⚠️ Skills truncated: included ${included.length} of ${offered.length}. Run \`localgpt skills list\` to audit.`,
    );
  }
  return lines.join("\n") + formatSkillList(included, options.home, readTool);
}

/** pi's `formatSkillsForPrompt`: the lead-in and the `<available_skills>` list. */
export function formatSkillList(
  skills: readonly Skill[],
  home?: string,
  readTool = "read_file",
): string {
  if (skills.length === 0) return "";
  const entries = skills.map((s) =>
    [
      "  <skill>",
      `    <name>${escapeXml(s.name)}</name>`,
      `    <description>${escapeXml(s.description)}</description>`,
      `    <location>${escapeXml(compactHome(s.filePath, home))}</location>`,
      "  </skill>",
    ].join("\n")
  );
  return [
    "\n\nThe following skills provide specialized instructions for specific tasks.",
    `Use the ${readTool} tool to load a skill's file when the task matches its description.`,
    "When a skill file references a relative path, resolve it against the skill directory " +
    "(parent of SKILL.md / dirname of the path) and use that absolute path in tool commands.",
    "",
    "<available_skills>",
    ...entries,
    "</available_skills>",
  ].join("\n");
}

/** Replaces a leading home directory with `~`. */
export function compactHome(path: string, home?: string): string {
  if (!home) return path;
  const base = home.replace(/[\\/]+$/, "");
  if (path === base) return "~";
  if (path.startsWith(base + "/") || path.startsWith(base + "\\")) {
    return "~" + path.slice(base.length);
  }
  return path;
}

/** Lowercase-hyphen command name of at most 32 characters (`Gh Issues!` → `gh-issues`). */
export function sanitizeCommandName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 32)
    .replace(/-+$/, "");
}

/** Slash commands for the user-invocable skills, skipping `reserved` names; clashes get `-2`, `-3`…. */
export function skillCommands(
  skills: readonly Skill[],
  reserved: Iterable<string> = [],
): SkillCommand[] {
  const taken = new Set(reserved);
  const out: SkillCommand[] = [];
  for (const skill of skills) {
    if (!skill.userInvocable) continue;
    const base = sanitizeCommandName(skill.name) || "skill";
    let command = base;
    for (let n = 2; taken.has(command); n++) command = `${base.slice(0, 29)}-${n}`;
    taken.add(command);
    out.push({ command, skill });
  }
  return out;
}

/**
 * Expands `/name args` (or `/skill name args`) into the prompt that asks the model to use the
 * skill; `undefined` when the input is not a skill command.
 */
export function expandSkillInvocation(
  input: string,
  commands: readonly SkillCommand[],
  home?: string,
): SkillInvocation | undefined {
  const match = /^\/([^\s]+)(?:\s+([\s\S]*))?$/.exec(input.trim());
  if (!match) return undefined;
  let name = match[1].toLowerCase();
  let args = (match[2] ?? "").trim();
  if (name === "skill") {
    const inner = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args);
    if (!inner) return undefined;
    name = inner[1].toLowerCase();
    args = (inner[2] ?? "").trim();
  }
  const found = commands.find((c) => c.command === name) ??
    commands.find((c) => c.skill.name.toLowerCase() === name);
  if (!found) return undefined;
  const { skill } = found;
  const location = compactHome(skill.filePath, home);
  const prompt = `Use the "${skill.name}" skill for this request. ` +
    `Read its instructions at ${location} first.\n\nUser input:\n${args}`;
  const invocation: SkillInvocation = { skill, args, prompt };
  if (skill.commandTool) {
    invocation.tool = {
      name: skill.commandTool,
      args: { command: args, commandName: found.command, skillName: skill.name },
    };
  }
  return invocation;
}
