/** The heartbeat and cron state as the API, `daemon status` and `cron list` show it (pure). */
import { formatDuration } from "../config/mod.ts";
import { zonedParts } from "../heartbeat/mod.ts";
import type { CronJobJson, HeartbeatStatus } from "../channels/http/mod.ts";
import type {
  CronJob,
  CronJobState,
  CronState,
  HeartbeatSettings,
  HeartbeatState,
} from "../heartbeat/mod.ts";

/** Where the runner stands (absent: no runner in this process). */
export interface RunnerView {
  running: boolean;
  nextRun?: number;
}

/** `/api/heartbeat/status`: settings, the last event with its age, history, today's spend. */
export function heartbeatStatusJson(
  settings: HeartbeatSettings,
  state: HeartbeatState,
  now: number,
  runner: RunnerView = { running: false },
): HeartbeatStatus {
  const last = state.last_event;
  const today = zonedParts(now, settings.timeZone).date;
  return {
    enabled: settings.enabled,
    running: runner.running,
    interval: formatDuration(settings.intervalMs),
    timeout: formatDuration(settings.timeoutMs),
    active_hours: settings.activeHours ?? null,
    timezone: settings.timeZone,
    model: settings.model,
    max_tokens_per_day: settings.maxTokensPerDay ?? null,
    next_run: runner.running && runner.nextRun !== undefined
      ? new Date(runner.nextRun).toISOString()
      : null,
    last_event: last
      ? { ...last, age_seconds: Math.max(0, Math.floor((now - last.ts) / 1000)) }
      : null,
    history: state.history,
    today: state.day?.date === today ? state.day : { date: today, tokens: 0, cost: 0 },
  };
}

/** One job for `GET /api/cron` and `cron list --json`. */
export function cronJobJson(
  job: CronJob,
  state: CronJobState | undefined,
  running: boolean,
  nextRun?: number,
): CronJobJson {
  const next = nextRun ?? state?.next_run;
  return {
    name: job.name,
    schedule: job.schedule.text,
    prompt: job.prompt,
    enabled: job.enabled,
    timeout: formatDuration(job.timeoutMs),
    model: job.model,
    running,
    next_run: job.enabled && next !== undefined ? new Date(next).toISOString() : null,
    last_run: state?.last_run ?? null,
  };
}

/** Every job from the config with its state on disk (outside the daemon: nothing is running). */
export function cronListJson(jobs: readonly CronJob[], state: CronState): CronJobJson[] {
  return jobs.map((job) => cronJobJson(job, state[job.name], false));
}
