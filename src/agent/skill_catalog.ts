/** The skills of one run: discovered, de-duplicated by precedence and checked for eligibility. */
import {
  checkSkillEligibility,
  createBinLookup,
  type Eligibility,
  type EligibilityContext,
} from "./skill_eligibility.ts";
import {
  type DiscoveredSkills,
  discoverSkills,
  type SkillProblem,
  type SkillRoot,
  skillRoots,
} from "./skill_discovery.ts";
import type { Skill } from "./skill.ts";

/** A skill with its eligibility verdict. */
export interface SkillEntry {
  skill: Skill;
  eligibility: Eligibility;
}

/** Everything `localgpt skills list` and the system prompt need. */
export interface SkillCatalog {
  entries: SkillEntry[];
  shadowed: DiscoveredSkills["shadowed"];
  problems: SkillProblem[];
}

/** Discovers the skills under `roots` and checks each against `context`. */
export async function loadSkillCatalog(
  roots: readonly SkillRoot[],
  context: EligibilityContext,
): Promise<SkillCatalog> {
  const found = await discoverSkills(roots);
  return {
    entries: found.skills.map((skill) => ({
      skill,
      eligibility: checkSkillEligibility(skill, context),
    })),
    shadowed: found.shadowed,
    problems: found.problems,
  };
}

/** The usable skills of a catalog, in precedence-map order. */
export function eligibleSkills(catalog: SkillCatalog): Skill[] {
  return catalog.entries.filter((e) => e.eligibility.eligible).map((e) => e.skill);
}

/** What `loadSkills()` needs: paths, host facts and the `[skills]` config slice. */
export interface SkillSetup {
  workspace: string;
  home: string;
  skillsDir: string;
  os: EligibilityContext["os"];
  vars: Record<string, string | undefined>;
  settings: { extra_dirs: readonly string[]; disabled: readonly string[] };
  /** Value at a dotted config path, for `requires.config`. */
  configValue?(path: string): unknown;
}

/** Loads the skills of every configured folder and checks them against this host. */
export function loadSkills(setup: SkillSetup): Promise<SkillCatalog> {
  const roots = skillRoots({
    workspace: setup.workspace,
    home: setup.home,
    skillsDir: setup.skillsDir,
    extraDirs: setup.settings.extra_dirs,
  });
  return loadSkillCatalog(roots, {
    os: setup.os,
    vars: setup.vars,
    hasBin: createBinLookup(setup.vars, setup.os),
    disabled: setup.settings.disabled,
    configValue: setup.configValue,
  });
}

/** Looks up a dotted path (`telegram.enabled`) in a nested object. */
export function valueAtPath(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
