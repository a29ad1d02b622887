/**
 * @module heartbeat
 * Owns background work: the heartbeat (HEARTBEAT.md worked through on a schedule, within active
 * hours and a daily token budget, with HEARTBEAT_OK and 24 h de-dup) and cron jobs (croner
 * expressions or `every 30m`), each run a fresh saved Session of kind `heartbeat` or `cron`;
 * `last_heartbeat` and `cron_state.json`; the workspace lock.
 * Must not know about channels (Telegram, HTTP): results go to an injected `Deliver`; must not
 * read the config or the environment (app/ passes settings). Only the runners start timers, and
 * only through the injected `Timers`.
 * Contract: schedule, zone and content checks are pure; a tick or a run never throws (failures are
 * `failed` events); an idle tick (empty HEARTBEAT.md, outside hours, budget spent) makes no model
 * call; two ticks never overlap, nor two runs of one job.
 */
export {
  HEARTBEAT_PROMPT,
  HEARTBEAT_TOKEN,
  isHeartbeatFileEmpty,
  isHeartbeatOk,
  OK_SLACK_CHARS,
  preview,
} from "./content.ts";
export {
  emptyState,
  type HeartbeatEvent,
  type HeartbeatOutcome,
  type HeartbeatState,
  HISTORY_LIMIT,
  readHeartbeatState,
  recordEvent,
  writeHeartbeatState,
  writeJsonAtomic,
} from "./events.ts";
export {
  type BackgroundTurnOptions,
  type BackgroundTurnResult,
  runBackgroundTurn,
} from "./run_turn.ts";
export { type HeartbeatRunner, type RunnerOptions, startHeartbeatRunner } from "./runner.ts";
export { nextRun, nextRuns, parseEvery, parseSchedule, type Schedule } from "./schedule.ts";
export type { HeartbeatSettings } from "./settings.ts";
export { DEDUP_WINDOW_MS, runHeartbeatTick, type TickDeps, type TickOptions } from "./tick.ts";
export { REAL_TIMERS, type Timers } from "./timers.ts";
export { BACKOFF_BASE_MS, backoffMs, firstRunAt, nextSlot } from "./timing.ts";
export { type HeldLock, tryWorkspaceLock, workspaceLockHolder } from "./workspace_lock.ts";
export {
  type ActiveHours,
  inActiveHours,
  isValidTimeZone,
  nextLocalMidnight,
  systemTimeZone,
  zonedParts,
} from "./zoned.ts";
export {
  type CronJob,
  type CronRun,
  type CronRunDeps,
  type CronRunStatus,
  runCronJob,
} from "./cron_job.ts";
export {
  CRON_CHECK_MS,
  type CronJobState,
  type CronScheduler,
  type CronSchedulerOptions,
  type CronState,
  planJobs,
  readCronState,
  startCronScheduler,
} from "./cron_scheduler.ts";
