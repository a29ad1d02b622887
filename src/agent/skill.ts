/** One skill: an OpenClaw/AgentSkills `SKILL.md` (YAML frontmatter + markdown body) parsed. */
import { basename, dirname } from "node:path";
import { parseFrontmatter } from "./frontmatter.ts";
import { parseJson5 } from "./frontmatter_yaml.ts";

/** Where a skill was found, lowest precedence first (a later source wins a name collision). */
export const SKILL_SOURCES = ["extra", "managed", "personal", "project", "workspace"] as const;

/** One of `SKILL_SOURCES`. */
export type SkillSource = typeof SKILL_SOURCES[number];

/** `metadata.openclaw.requires`: what must exist for the skill to be usable. */
export interface SkillRequires {
  bins: string[];
  anyBins: string[];
  env: string[];
  config: string[];
}

/** The `metadata.openclaw` block (also read from the legacy `clawdbot` and `clawdis` keys). */
export interface SkillMetadata {
  always: boolean;
  emoji?: string;
  homepage?: string;
  skillKey?: string;
  primaryEnv?: string;
  /** Node platform names (`darwin`, `linux`, `win32`); empty = any. */
  os: string[];
  requires: SkillRequires;
}

/** One `useWhen`/`dontUseWhen` condition; a bare string means `contains`. */
export interface SkillCondition {
  contains?: string;
  matches?: string;
  channel?: string;
  hasTool?: string;
}

/** A parsed skill. */
export interface Skill {
  name: string;
  /** Description for the prompt, trimmed. */
  description: string;
  /** Absolute path of the SKILL.md file. */
  filePath: string;
  /** The skill's folder: relative paths in the body resolve against it. */
  baseDir: string;
  source: SkillSource;
  /** Exposed as a `/command` (default true). */
  userInvocable: boolean;
  /** Left out of the model's `<available_skills>` list (default false). */
  disableModelInvocation: boolean;
  /** `command-dispatch: tool` sends `/name args` straight to `commandTool`. */
  commandTool?: string;
  /** `allowed-tools` as written; informational. */
  allowedTools: string[];
  homepage?: string;
  /** Absent when the file has no `metadata.openclaw` block (the skill is then always eligible). */
  metadata?: SkillMetadata;
  useWhen: SkillCondition[];
  dontUseWhen: SkillCondition[];
  /** Problems that did not stop loading (odd name, bad metadata, YAML recovered line by line). */
  warnings: string[];
}

/** Where the text came from, for `parseSkill()`. */
export interface ParseSkillOptions {
  filePath: string;
  source: SkillSource;
}

const METADATA_KEYS = ["openclaw", "clawdbot", "clawdis"];
const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** Parses a SKILL.md; throws `SyntaxError` saying why when it cannot be a skill. */
export function parseSkill(text: string, options: ParseSkillOptions): Skill {
  const { data, warnings } = parseFrontmatter(text);
  const baseDir = dirname(options.filePath);
  const name = asString(data.name)?.trim() || basename(baseDir);
  const description = asString(data.description)?.trim() ?? "";
  if (!description) throw new SyntaxError('the frontmatter has no "description"');
  const out = [...warnings];
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) || name.length > 64) {
    out.push(`name "${name}" is not lowercase-hyphen of at most 64 characters`);
  }
  if (description.length > 1024) out.push("description is longer than 1024 characters");
  const dispatch = asString(data["command-dispatch"])?.trim();
  const homepage = asString(data.homepage)?.trim();
  const metadata = readMetadata(data.metadata, out);
  return {
    name,
    description,
    filePath: options.filePath,
    baseDir,
    source: options.source,
    userInvocable: asBool(data["user-invocable"]) ?? true,
    disableModelInvocation: asBool(data["disable-model-invocation"]) ?? false,
    commandTool: dispatch === "tool" ? asString(data["command-tool"])?.trim() : undefined,
    allowedTools: asList(data["allowed-tools"]),
    homepage: homepage || metadata?.homepage,
    metadata,
    useWhen: readConditions(data.useWhen, "useWhen", out),
    dontUseWhen: readConditions(data.dontUseWhen, "dontUseWhen", out),
    warnings: out,
  };
}

/** `true/1/yes/on` and `false/0/no/off` (any case), real booleans; otherwise undefined. */
export function asBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  const word = String(value ?? "").trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** A list from an array or a comma-separated string (OpenClaw's `normalizeStringList`). */
export function asList(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value.map((v) => (typeof v === "string" || typeof v === "number" ? String(v) : ""))
    : typeof value === "string"
    ? value.split(",")
    : [];
  return items.map((s) => s.trim()).filter(Boolean);
}

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function readMetadata(raw: unknown, warnings: string[]): SkillMetadata | undefined {
  if (raw === undefined || raw === null) return undefined;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = parseJson5(raw);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      warnings.push(`metadata is not valid JSON5 (${detail}); requirements ignored`);
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    warnings.push("metadata is not an object; requirements ignored");
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const key = METADATA_KEYS.find((k) => isObject(record[k]));
  if (!key) return undefined;
  const block = record[key] as Record<string, unknown>;
  const requires = isObject(block.requires) ? block.requires : {};
  return {
    always: asBool(block.always) ?? false,
    emoji: asString(block.emoji),
    homepage: asString(block.homepage),
    skillKey: asString(block.skillKey),
    primaryEnv: asString(block.primaryEnv),
    os: asList(block.os),
    requires: {
      bins: asList(requires.bins),
      anyBins: asList(requires.anyBins),
      env: asList(requires.env),
      config: asList(requires.config),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readConditions(raw: unknown, key: string, warnings: string[]): SkillCondition[] {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: SkillCondition[] = [];
  for (const item of items) {
    if (typeof item === "string") {
      if (item.trim()) out.push({ contains: item });
      continue;
    }
    if (!isObject(item)) {
      warnings.push(`${key} entry ${JSON.stringify(item)} is not a string or an object; ignored`);
      continue;
    }
    const cond: SkillCondition = {};
    for (const field of ["contains", "matches", "channel", "hasTool"] as const) {
      const v = asString(item[field]);
      if (v !== undefined) cond[field] = v;
    }
    if (cond.matches !== undefined && !validRegex(cond.matches)) {
      warnings.push(`${key}.matches "${cond.matches.slice(0, 60)}" is not a valid regex; ignored`);
      continue;
    }
    if (Object.keys(cond).length) out.push(cond);
  }
  return out;
}

function validRegex(source: string): boolean {
  if (source.length > 1024) return false;
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}
