/** Whether a skill can be used here: OpenClaw's `shouldIncludeSkill` checks, with the reason. */
import { delimiter, join } from "node:path";
import type { HostOs } from "../config/mod.ts";
import type { Skill } from "./skill.ts";

/** What eligibility is checked against; injected so the check itself is pure. */
export interface EligibilityContext {
  os: HostOs;
  /** Environment variables (`requires.env` must be non-empty here). */
  vars: Record<string, string | undefined>;
  /** True when an executable of this name is on PATH. */
  hasBin(name: string): boolean;
  /** Skill names or skill keys turned off by config. */
  disabled?: readonly string[];
  /** Value at a dotted config path, for `requires.config` (missing lookup = unset). */
  configValue?(path: string): unknown;
}

/** The verdict; `reason` says what is missing when the skill is not eligible. */
export type Eligibility = { eligible: true } | { eligible: false; reason: string };

const NODE_PLATFORM: Record<HostOs, string> = {
  linux: "linux",
  darwin: "darwin",
  windows: "win32",
};
const OS_ALIASES: Record<string, string> = { macos: "darwin", mac: "darwin", windows: "win32" };

/** Checks, in order: disabled, os, `always`, bins, anyBins, env, config. */
export function checkSkillEligibility(skill: Skill, ctx: EligibilityContext): Eligibility {
  const key = skill.metadata?.skillKey ?? skill.name;
  if (ctx.disabled?.includes(skill.name) || ctx.disabled?.includes(key)) {
    return { eligible: false, reason: "disabled in config (skills.disabled)" };
  }
  const meta = skill.metadata;
  if (!meta) return { eligible: true };
  const platform = NODE_PLATFORM[ctx.os];
  if (meta.os.length && !meta.os.some((os) => (OS_ALIASES[os.toLowerCase()] ?? os) === platform)) {
    return { eligible: false, reason: `only for ${meta.os.join(", ")} (this is ${platform})` };
  }
  if (meta.always) return { eligible: true };
  const { bins, anyBins, env, config } = meta.requires;
  const missingBins = bins.filter((b) => !ctx.hasBin(b));
  if (missingBins.length) {
    return { eligible: false, reason: `missing on PATH: ${missingBins.join(", ")}` };
  }
  if (anyBins.length && !anyBins.some((b) => ctx.hasBin(b))) {
    return { eligible: false, reason: `needs one of on PATH: ${anyBins.join(", ")}` };
  }
  const missingEnv = env.filter((name) => !ctx.vars[name]);
  if (missingEnv.length) {
    return { eligible: false, reason: `missing environment variables: ${missingEnv.join(", ")}` };
  }
  const unset = config.filter((path) => !ctx.configValue?.(path));
  if (unset.length) return { eligible: false, reason: `config not set: ${unset.join(", ")}` };
  return { eligible: true };
}

/** A cached PATH lookup over `vars.PATH` (and `PATHEXT` on Windows); reads the filesystem. */
export function createBinLookup(
  vars: Record<string, string | undefined>,
  os: HostOs,
): (name: string) => boolean {
  const dirs = (vars.PATH ?? vars.Path ?? "").split(os === "windows" ? ";" : delimiter)
    .filter(Boolean);
  const exts = os === "windows"
    ? ["", ...(vars.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean)]
    : [""];
  const cache = new Map<string, boolean>();
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const found = !/[\\/]/.test(name) &&
      dirs.some((dir) => exts.some((ext) => isExecutable(join(dir, name + ext), os)));
    cache.set(name, found);
    return found;
  };
}

function isExecutable(path: string, os: HostOs): boolean {
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) return false;
    return os === "windows" || info.mode === null || (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
