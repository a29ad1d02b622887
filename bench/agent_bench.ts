/** Agent figures: SKILL.md discovery, system prompt assembly, transcript append and load. */
import { join } from "node:path";
import {
  applyContextBudget,
  buildSystemPrompt,
  createSessionStore,
  discoverSkills,
  formatSkillsSection,
  openSession,
  parseTranscript,
  type SessionDeps,
} from "../src/agent/mod.ts";
import type { Context, StreamEvent } from "../src/core/mod.ts";
import { defineTool } from "../src/tools/mod.ts";

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
    const loop = await loopFigures(root);
    return {
      ...loop,
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

/** A scripted model: `rounds` tool calls, then a text reply; no network. */
function scriptedStream(rounds: number) {
  let n = 0;
  return async function* (_context: Context): AsyncGenerator<StreamEvent> {
    await Promise.resolve();
    const i = n++;
    const model = "bench/model";
    if (i < rounds) {
      const call = {
        type: "tool_call" as const,
        id: `c${i}`,
        name: "echo",
        arguments: `{"text":"${i}"}`,
      };
      yield { type: "tool_call", call };
      yield {
        type: "done",
        stopReason: "tool_use",
        message: { role: "assistant", content: [call], model },
      };
    } else {
      yield { type: "text_delta", text: "done" };
      yield {
        type: "done",
        stopReason: "stop",
        message: { role: "assistant", content: [{ type: "text", text: "done" }], model },
      };
    }
  };
}

/** One turn of 20 tool rounds through a Session (every message synced to disk), and its resume. */
async function loopFigures(root: string) {
  const rounds = 20;
  const echo = defineTool<{ text: string }>({
    name: "echo",
    description: "echo",
    parameters: { type: "object", properties: { text: { type: "string" } } },
    run: ({ text }) => Promise.resolve(text.repeat(50)),
  });
  const deps: SessionDeps = {
    store: createSessionStore({ dir: join(root, "loop") }),
    systemPrompt: () => Promise.resolve({ system: "bench", dynamic: "" }),
    streamFor: () => Promise.resolve(scriptedStream(rounds)),
    tools: [echo],
    cwd: root,
    settings: {
      contextWindow: 128000,
      reserveTokens: 8000,
      maxTokens: 1000,
      maxIterations: rounds + 1,
      maxToolRepeats: 3,
      maxToolErrors: 3,
      requireApproval: [],
      toolOutputMaxChars: 50000,
      delimiters: true,
      checkpoints: 0,
      postCompactionSections: [],
    },
  };
  const session = await openSession(deps, { model: "bench/model" });
  const [turnMs] = await time(() => session.send("go"));
  await session.close();
  const [resumeMs, resumed] = await time(() =>
    openSession(deps, { model: "bench/model", resume: true })
  );
  await resumed.close();
  return {
    turn_20_tool_rounds_ms: round(turnMs),
    turn_ms_per_round: round(turnMs / rounds),
    resume_messages: resumed.messages.length,
    resume_ms: round(resumeMs),
  };
}
