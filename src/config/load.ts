/** Loads config.toml into a ResolvedConfig: parse, migrate renamed keys, validate, expand, default. */
import { join } from "node:path";
import { parse, TomlError } from "smol-toml";
import { ConfigError, type ConfigProblem } from "../core/mod.ts";
import type { HostEnv } from "./env.ts";
import { isValidName, type ResolvedPaths, resolvePaths } from "./paths.ts";
import { lineOf, locateKeys } from "./_locate.ts";
import { resolveNode } from "./_resolve.ts";
import { PROVIDER_KEY_ENV, type ResolvedConfig, SCHEMA } from "./schema.ts";

/** Options of `loadConfig()`; CLI flags win over LOCALGPT_* variables. */
export interface LoadOptions {
  host: HostEnv;
  /** `-c/--config`; else `LOCALGPT_CONFIG`; else `<config_dir>/config.toml`. */
  configFile?: string;
  /** `-p/--profile`; else `LOCALGPT_PROFILE`. */
  profile?: string;
  /** `-a/--agent`; else `LOCALGPT_AGENT`; else `main`. */
  agent?: string;
}

/** Everything resolved at start-up: the config, the paths, and who we are. */
export interface LoadedConfig {
  config: ResolvedConfig;
  paths: ResolvedPaths;
  /** False when no config file exists yet (defaults are in force). */
  configExists: boolean;
  profile: string;
  agent: string;
  /** Non-fatal notes: ignored overrides, renamed keys. */
  warnings: string[];
  /** Env vars the program may pass on (to providers, the sandbox); read once here. */
  vars: Record<string, string | undefined>;
}

/** Keys of the original LocalGPT that moved; the old spelling still works, with a warning. */
const RENAMED: Record<string, string> = {
  "memory.embedding_provider": "memory.embedding.provider",
  "memory.embedding_model": "memory.embedding.model",
  "memory.embedding_cache_dir": "memory.embedding.model_dir",
};

/** Reads and resolves the config; a missing file means defaults. Throws `ConfigError`. */
export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const { host } = options;
  const profile = options.profile ?? host.vars.LOCALGPT_PROFILE ?? "";
  const agent = options.agent ?? host.vars.LOCALGPT_AGENT ?? "main";
  const nameProblems: ConfigProblem[] = [];
  if (profile && !isValidName(profile)) {
    nameProblems.push({ key: "profile", message: `invalid profile name "${profile}"` });
  }
  if (!isValidName(agent)) {
    nameProblems.push({ key: "agent", message: `invalid agent id "${agent}"` });
  }
  if (nameProblems.length) throw new ConfigError(nameProblems, { action: "Invalid options" });

  const configFile = options.configFile ?? (host.vars.LOCALGPT_CONFIG || undefined);
  const base = resolvePaths({ host, profile, agent, configFile });
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(base.paths.configFile);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ConfigError([{ key: "", message: (error as Error).message }], {
        file: base.paths.configFile,
        cause: error,
      });
    }
    if (configFile) {
      throw new ConfigError([{ key: "", message: "file not found" }], {
        file: base.paths.configFile,
      });
    }
  }
  const { config, warnings } = parseConfig(text ?? "", {
    file: base.paths.configFile,
    vars: host.vars,
  });
  const { paths, warnings: pathWarnings } = resolvePaths({
    host,
    profile,
    agent,
    configFile,
    configWorkspace: config.memory.workspace,
  });
  config.memory.embedding.model_dir ??= paths.modelsDir;
  config.providers.local.models_dir ??= join(paths.modelsDir, "gguf");
  config.logging.file ??= paths.logFile;
  return {
    config,
    paths,
    configExists: text !== undefined,
    profile,
    agent,
    // The second resolution repeats the first one's warnings (it only adds the workspace).
    warnings: [...pathWarnings, ...warnings],
    vars: host.vars,
  };
}

/** Rules between two keys (each key alone is checked by the schema). */
function crossKeyProblems(config: ResolvedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { context_window: window, reserve_tokens: reserve } = config.agent;
  // A reserve as large as the window leaves no room for the conversation: every turn compacts.
  if (reserve * 2 >= window) {
    problems.push({
      key: "agent.reserve_tokens",
      message: `must be less than half of agent.context_window (${window}), not ${reserve}`,
    });
  }
  if (config.telegram.enabled && !config.telegram.api_token?.trim()) {
    problems.push({
      key: "telegram.api_token",
      message:
        'is required when telegram.enabled = true (a token from @BotFather, e.g. "${TELEGRAM_BOT_TOKEN}")',
    });
  }
  return [...problems, ...backgroundProblems(config)];
}

/** Heartbeat and cron rules: zones, both ends of active hours, a usable interval, unique names. */
function backgroundProblems(config: ResolvedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const zone = (key: string, value: string | undefined) => {
    if (value !== undefined && !isTimeZone(value)) {
      problems.push({
        key,
        message: `unknown time zone "${value}" (expected an IANA name such as "Europe/Berlin")`,
      });
    }
  };
  const hb = config.heartbeat;
  zone("heartbeat.timezone", hb.timezone);
  if ((hb.active_hours.start === undefined) !== (hb.active_hours.end === undefined)) {
    const missing = hb.active_hours.start === undefined ? "start" : "end";
    problems.push({
      key: `heartbeat.active_hours.${missing}`,
      message: "is required when the other end of active_hours is set",
    });
  }
  if (hb.interval < 1000) {
    problems.push({ key: "heartbeat.interval", message: "must be at least 1s" });
  }
  if (hb.timeout !== undefined && hb.timeout < 1000) {
    problems.push({ key: "heartbeat.timeout", message: "must be at least 1s" });
  }
  const seen = new Set<string>();
  config.cron.jobs.forEach((job, i) => {
    zone(`cron.jobs[${i}].timezone`, job.timezone);
    if (job.name !== undefined && seen.has(job.name)) {
      problems.push({ key: `cron.jobs[${i}].name`, message: `duplicate job name "${job.name}"` });
    }
    if (job.name !== undefined) seen.add(job.name);
    if (job.timeout < 1000) {
      problems.push({ key: `cron.jobs[${i}].timeout`, message: "must be at least 1s" });
    }
  });
  return problems;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Options of `parseConfig()`. */
export interface ParseOptions {
  /** File name for messages. */
  file?: string;
  /** Variables for `${VAR}` expansion and provider key fallbacks. */
  vars: Record<string, string | undefined>;
}

/** Parses TOML text into a ResolvedConfig; pure. Throws one `ConfigError` listing every problem. */
export function parseConfig(
  text: string,
  options: ParseOptions,
): { config: ResolvedConfig; warnings: string[] } {
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      throw new ConfigError([{ key: "", line: error.line, message: `syntax error: ${message}` }], {
        file: options.file,
        cause: error,
      });
    }
    throw error;
  }
  const lines = locateKeys(text);
  const warnings = migrateRenamed(raw, lines);
  const problems: ConfigProblem[] = [];
  const notes: ConfigProblem[] = [];
  const config = resolveNode(SCHEMA, raw, "", {
    vars: options.vars,
    problems,
    notes,
  }) as ResolvedConfig;
  problems.push(...crossKeyProblems(config));
  if (problems.length) {
    for (const p of problems) p.line ??= lineOf(lines, p.key);
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ConfigError(problems, { file: options.file });
  }
  for (const [name, envName] of Object.entries(PROVIDER_KEY_ENV)) {
    const provider = config.providers[name] as { api_key?: string } | undefined;
    if (provider && !provider.api_key && options.vars[envName]) {
      provider.api_key = options.vars[envName];
    }
  }
  for (const note of notes) {
    const line = lineOf(lines, note.key);
    warnings.push(`${line ? `line ${line}: ` : ""}${note.message}`);
  }
  return { config, warnings };
}

function migrateRenamed(raw: Record<string, unknown>, lines: Map<string, number>): string[] {
  const warnings: string[] = [];
  for (const [from, to] of Object.entries(RENAMED)) {
    const [fromParent, fromKey] = splitLast(from);
    const parent = walk(raw, fromParent.split("."), false);
    if (!parent || !(fromKey in parent)) continue;
    const [toParent, toKey] = splitLast(to);
    const target = walk(raw, toParent.split("."), true)!;
    if (!(toKey in target)) target[toKey] = parent[fromKey];
    delete parent[fromKey];
    const line = lines.get(from);
    warnings.push(`${line ? `line ${line}: ` : ""}"${from}" is now "${to}"; please rename it`);
  }
  return warnings;
}

function splitLast(key: string): [string, string] {
  const i = key.lastIndexOf(".");
  return [key.slice(0, i), key.slice(i + 1)];
}

function walk(
  obj: Record<string, unknown>,
  parts: string[],
  create: boolean,
): Record<string, unknown> | undefined {
  let cur = obj;
  for (const p of parts) {
    const next = cur[p];
    if (next === undefined && create) cur[p] = {};
    else if (typeof next !== "object" || next === null || Array.isArray(next)) return undefined;
    cur = cur[p] as Record<string, unknown>;
  }
  return cur;
}
