/** The skills of one run: discovered, de-duplicated by precedence and checked for eligibility. */
import {
  checkSkillEligibility,
  type Eligibility,
  type EligibilityContext,
} from "./skill_eligibility.ts";
import {
  type DiscoveredSkills,
  discoverSkills,
  type SkillProblem,
  type SkillRoot,
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
