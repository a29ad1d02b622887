/** `[heartbeat]` and `[[cron.jobs]]` → the heartbeat module's settings; schedule checks with lines. */
import { ConfigError, type ConfigProblem } from "../core/mod.ts";
import { lineOf, type LoadedConfig, locateKeys, type ResolvedConfig } from "../config/mod.ts";
import type { CronJob, HeartbeatSettings } from "../heartbeat/mod.ts";

/**
 * The heartbeat module, loaded when needed. The specifier is computed because every command
 * loads this file (context.ts checks cron schedules): a literal one would make `deno run` read
 * and resolve the heartbeat's whole graph (agent, llm, tools, their npm packages) before any
 * command starts. compile.ts embeds it through the command modules that import it statically.
 */
function heartbeatModule(): Promise<typeof import("../heartbeat/mod.ts")> {
  return import(new URL("../heartbeat/mod.ts", import.meta.url).href);
}

/** The heartbeat's settings; `defaultModel` is used unless `heartbeat.model` is set. */
export async function heartbeatSettings(
  config: ResolvedConfig,
  defaultModel: string,
): Promise<HeartbeatSettings> {
  const { systemTimeZone } = await heartbeatModule();
  const hb = config.heartbeat;
  const { start, end } = hb.active_hours;
  return {
    enabled: hb.enabled,
    intervalMs: hb.interval,
    timeoutMs: hb.timeout ?? Math.floor(hb.interval / 2),
    overdueDelayMs: hb.overdue_delay,
    ...(start && end ? { activeHours: { start, end } } : {}),
    timeZone: hb.timezone ?? systemTimeZone(),
    model: hb.model ?? defaultModel,
    ...(hb.max_tokens_per_day !== undefined ? { maxTokensPerDay: hb.max_tokens_per_day } : {}),
  };
}

/** The cron jobs with parsed schedules (the config was checked by `checkCronSchedules()`). */
export async function cronJobs(config: ResolvedConfig, defaultModel: string): Promise<CronJob[]> {
  const { parseSchedule } = await heartbeatModule();
  return config.cron.jobs.map((j) => ({
    name: j.name!,
    schedule: parseSchedule(j.schedule!, j.timezone),
    prompt: j.prompt!,
    timeoutMs: j.timeout,
    enabled: j.enabled,
    model: j.model ?? defaultModel,
  }));
}

/** Checks every `cron.jobs[i].schedule`; throws one ConfigError (key and line) listing the bad ones. */
export async function checkCronSchedules(loaded: LoadedConfig): Promise<void> {
  const jobs = loaded.config.cron.jobs;
  if (jobs.length === 0) return;
  const { parseSchedule } = await heartbeatModule();
  const problems: ConfigProblem[] = [];
  jobs.forEach((job, i) => {
    try {
      if (job.schedule !== undefined) parseSchedule(job.schedule, job.timezone);
    } catch (error) {
      problems.push({ key: `cron.jobs[${i}].schedule`, message: (error as Error).message });
    }
  });
  if (problems.length === 0) return;
  const text = await Deno.readTextFile(loaded.paths.configFile).catch(() => "");
  const lines = locateKeys(text);
  for (const p of problems) p.line = lineOf(lines, p.key);
  throw new ConfigError(problems, { file: loaded.paths.configFile });
}
