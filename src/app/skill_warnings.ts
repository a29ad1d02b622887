/**
 * Broken-skill warnings once per change of the file: the problems already reported (by path,
 * message and the file's mtime and size) are remembered in `<state_dir>/skill_warnings.json`, so
 * a chat start repeats nothing until a SKILL.md changes or a new problem appears. `skills list`
 * always shows every problem; this only filters the start-up warnings.
 */
import { join } from "node:path";
import type { SkillProblem } from "../agent/mod.ts";

/** File name of the record inside the state dir. */
export const SKILL_WARNINGS_FILE = "skill_warnings.json";

/**
 * The problems not reported before in this form; remembers the current set (a fixed problem is
 * forgotten, so it is reported again if it comes back). Never throws: an unreadable or
 * unwritable record means every problem is reported.
 */
export async function unreportedSkillProblems(
  problems: readonly SkillProblem[],
  stateDir: string,
): Promise<SkillProblem[]> {
  const path = join(stateDir, SKILL_WARNINGS_FILE);
  const before = await readReported(path);
  const keyed = await Promise.all(problems.map(async (p) => ({ p, key: await problemKey(p) })));
  const now = keyed.map((k) => k.key);
  const fresh = keyed.filter((k) => !before.has(k.key)).map((k) => k.p);
  if (fresh.length > 0 || now.length !== before.size) {
    await Deno.mkdir(stateDir, { recursive: true })
      .then(() => Deno.writeTextFile(path, JSON.stringify({ reported: now }, null, 2) + "\n"))
      .catch(() => {});
  }
  return fresh;
}

async function problemKey(problem: SkillProblem): Promise<string> {
  const info = await Deno.stat(problem.path).catch(() => undefined);
  const stamp = info ? `${info.mtime?.getTime() ?? 0}:${info.size}` : "missing";
  return `${problem.path}\n${stamp}\n${problem.message}`;
}

async function readReported(path: string): Promise<Set<string>> {
  try {
    const value = JSON.parse(await Deno.readTextFile(path));
    const list = Array.isArray(value?.reported) ? value.reported : [];
    return new Set(list.filter((k: unknown): k is string => typeof k === "string"));
  } catch {
    return new Set();
  }
}
