/** Per-message skill routing with `useWhen` / `dontUseWhen` conditions (pure). */
import type { Skill, SkillCondition } from "./skill.ts";

/** What a condition is matched against. */
export interface RoutingContext {
  /** The user's message. */
  message: string;
  /** The channel the message came from (`cli`, `telegram`, `http`, …). */
  channel?: string;
  /** Names of the tools available in this session. */
  tools?: readonly string[];
}

/** True when every field the condition sets matches (substring and regex are case-insensitive). */
export function conditionMatches(condition: SkillCondition, ctx: RoutingContext): boolean {
  const message = ctx.message.toLowerCase();
  if (condition.contains !== undefined && !message.includes(condition.contains.toLowerCase())) {
    return false;
  }
  if (condition.matches !== undefined) {
    try {
      if (!new RegExp(condition.matches, "i").test(ctx.message)) return false;
    } catch {
      return false;
    }
  }
  if (condition.channel !== undefined && condition.channel !== ctx.channel) return false;
  if (condition.hasTool !== undefined && !(ctx.tools ?? []).includes(condition.hasTool)) {
    return false;
  }
  return true;
}

/**
 * Whether a skill is offered for this message: none of its `dontUseWhen` conditions match, and
 * it has no `useWhen` conditions or at least one of them matches.
 */
export function skillApplies(skill: Skill, ctx: RoutingContext): boolean {
  if (skill.dontUseWhen.some((c) => conditionMatches(c, ctx))) return false;
  return skill.useWhen.length === 0 || skill.useWhen.some((c) => conditionMatches(c, ctx));
}

/** The skills offered for one message, in their original order. */
export function routeSkills(skills: readonly Skill[], ctx: RoutingContext): Skill[] {
  return skills.filter((s) => skillApplies(s, ctx));
}
