/** Agent figures: SKILL.md discovery, system prompt assembly, transcript append and load. */
import { join } from "node:path";
import {
  applyContextBudget,
  buildSystemPrompt,
  createSessionStore,
  discoverSkills,
  formatSkillsSection,
  parseTranscript,
} from "../src/agent/mod.ts";

const round = (n: number) => Math.round(n * 100) / 100;

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const SKILL = (i: number) =>
  `---
name: skill-${i}
description: "Skill number ${i}. Use when: the user asks about topic ${i}."
metadata:
  {
    "openclaw":
      { "emoji": "🔧", "requires": { "bins": ["sh"], "env": [] }, "install": [{ "kind": "brew", "formula": "x" },] },
  }
---
# Skill ${i}
${"Body text. ".repeat(200)}
`;

export default async function bench() {
  const root = await Deno.makeTempDir({ prefix: "localgpt-bench-" });
  try {
    const skillsDir = join(root, "skills");
    for (let i = 0; i < 200; i++) {
      await Deno.mkdir(join(skillsDir, `skill-${i}`), { recursive: true });
      await Deno.writeTextFile(join(skillsDir, `skill-${i}`, "SKILL.md"), SKILL(i));
    }
    const [discoverMs, found] = await time(() =>
      discoverSkills([{ dir: skillsDir, source: "workspace" }])
    );
    const [skillsPromptMs, section] = await time(() => formatSkillsSection(found.skills));
    const files = ["IDENTITY.md", "USER.md", "SOUL.md", "AGENTS.md", "MEMORY.md"].map((name) => ({
      name,
      label: name,
      content: "Some remembered fact.\n".repeat(2000),
    }));
    const [promptMs, prompt] = await time(() =>
      buildSystemPrompt({ workspace: root, files, skillsSection: section })
    );
    const [budgetMs] = await time(() => applyContextBudget(files));

    const store = createSessionStore({ dir: join(root, "sessions") });
    const file = await store.create({ cwd: root, id: "bench" });
    const appends = 200;
    const [appendMs] = await time(async () => {
      for (let i = 0; i < appends; i++) {
        await file.appendMessage({
          role: "user",
          content: `message ${i} ${"x".repeat(500)}`,
          timestamp: i,
        });
      }
    });
    await file.close();
    const big = [await Deno.readTextFile(file.path)];
    const lines = big[0].split("\n").slice(1, -1);
    const text = big[0] + Array.from({ length: 25 }, () => lines.join("\n") + "\n").join("");
    const [loadMs, parsed] = await time(() => parseTranscript(text));
    return {
      skills: found.skills.length,
      discover_200_skills_ms: round(discoverMs),
      skills_section_ms: round(skillsPromptMs),
      skills_section_chars: section.length,
      system_prompt_ms: round(promptMs),
      system_prompt_chars: prompt.text.length,
      context_budget_ms: round(budgetMs),
      transcript_append_synced_ms_each: round(appendMs / appends),
      transcript_parse_entries: parsed.entries.length,
      transcript_parse_ms: round(loadMs),
    };
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
