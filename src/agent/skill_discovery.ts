/** Finding SKILL.md files in the skill folders, with OpenClaw's layout rules and precedence. */
import { join } from "node:path";
import { expandHome } from "../config/mod.ts";
import { parseSkill, type Skill, type SkillSource } from "./skill.ts";

/** A folder searched for skills. */
export interface SkillRoot {
  dir: string;
  source: SkillSource;
}

/** A SKILL.md that could not be loaded, and why. */
export interface SkillProblem {
  path: string;
  source: SkillSource;
  message: string;
}

/** The result of `discoverSkills()`. */
export interface DiscoveredSkills {
  /** Winners by name, in precedence-map order (an overridden name keeps its first position). */
  skills: Skill[];
  /** Skills hidden by a same-named skill from a higher-precedence folder. */
  shadowed: { skill: Skill; by: Skill }[];
  problems: SkillProblem[];
}

/** Input to `skillRoots()`. */
export interface SkillRootsOptions {
  workspace: string;
  /** The user's home directory (from HostEnv, never read here). */
  home: string;
  /** `<data_dir>/skills` (`paths.skillsDir`). */
  skillsDir: string;
  /** `skills.extra_dirs`; `~` is expanded. */
  extraDirs?: readonly string[];
}

/** Per-folder limits (OpenClaw defaults). */
export const SKILL_LIMITS = { maxPerSource: 200, maxFileBytes: 256_000, maxDepth: 4 } as const;

/** The skill folders, lowest precedence first: extra < data dir < ~/.agents < project < workspace. */
export function skillRoots(options: SkillRootsOptions): SkillRoot[] {
  const { workspace, home } = options;
  return [
    ...(options.extraDirs ?? []).map((dir) => ({
      dir: expandHome(dir, home),
      source: "extra" as const,
    })),
    { dir: options.skillsDir, source: "managed" },
    ...(home ? [{ dir: join(home, ".agents", "skills"), source: "personal" as const }] : []),
    { dir: join(workspace, ".agents", "skills"), source: "project" },
    { dir: join(workspace, "skills"), source: "workspace" },
  ];
}

/** Loads every skill from `roots`; a later root wins a name collision. Never throws on content. */
export async function discoverSkills(roots: readonly SkillRoot[]): Promise<DiscoveredSkills> {
  const byName = new Map<string, Skill>();
  const shadowed: DiscoveredSkills["shadowed"] = [];
  const problems: SkillProblem[] = [];
  for (const root of roots) {
    const seen = new Set<string>();
    for (const file of await skillFiles(root, problems)) {
      const skill = await loadSkillFile(file, root.source, problems);
      if (!skill) continue;
      if (seen.has(skill.name)) {
        problems.push({
          path: file,
          source: root.source,
          message: `duplicate skill name "${skill.name}" in the same folder; ignored`,
        });
        continue;
      }
      seen.add(skill.name);
      const previous = byName.get(skill.name);
      if (previous) shadowed.push({ skill: previous, by: skill });
      byName.set(skill.name, skill);
    }
  }
  return { skills: [...byName.values()], shadowed, problems };
}

async function loadSkillFile(
  path: string,
  source: SkillSource,
  problems: SkillProblem[],
): Promise<Skill | undefined> {
  try {
    const info = await Deno.stat(path);
    if (info.size > SKILL_LIMITS.maxFileBytes) {
      problems.push({
        path,
        source,
        message: `file is ${info.size} bytes (limit ${SKILL_LIMITS.maxFileBytes}); skipped`,
      });
      return undefined;
    }
    return parseSkill(await Deno.readTextFile(path), { filePath: path, source });
  } catch (error) {
    problems.push({
      path,
      source,
      message: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

/** SKILL.md files of one root, following OpenClaw's layout rules. */
async function skillFiles(root: SkillRoot, problems: SkillProblem[]): Promise<string[]> {
  let dir = root.dir;
  if (!(await isDir(dir))) return [];
  const nested = join(dir, "skills");
  let isNested = false;
  if (await isDir(nested)) {
    for (const child of (await childDirs(nested)).slice(0, 100)) {
      if (await isFile(join(nested, child, "SKILL.md"))) {
        dir = nested;
        isNested = true;
        break;
      }
    }
  }
  if (!isNested && await isFile(join(dir, "SKILL.md"))) return [join(dir, "SKILL.md")];
  const children = await childDirs(dir);
  if (children.length > SKILL_LIMITS.maxPerSource) {
    problems.push({
      path: dir,
      source: root.source,
      message:
        `${children.length} skill folders; only the first ${SKILL_LIMITS.maxPerSource} are loaded`,
    });
  }
  const out: string[] = [];
  for (const child of children.slice(0, SKILL_LIMITS.maxPerSource)) {
    await collect(join(dir, child), 1, out);
  }
  return out;
}

async function collect(dir: string, depth: number, out: string[]): Promise<void> {
  const file = join(dir, "SKILL.md");
  if (await isFile(file)) {
    out.push(file);
    return;
  }
  if (depth >= SKILL_LIMITS.maxDepth) return;
  for (const child of await childDirs(dir)) await collect(join(dir, child), depth + 1, out);
}

async function childDirs(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      if (entry.isDirectory || (entry.isSymlink && await isDir(join(dir, entry.name)))) {
        names.push(entry.name);
      }
    }
  } catch {
    return [];
  }
  return names.sort();
}

async function isDir(path: string): Promise<boolean> {
  return (await Deno.stat(path).catch(() => undefined))?.isDirectory ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await Deno.stat(path).catch(() => undefined))?.isFile ?? false;
}
