/**
 * The cron scheduler: checks due jobs every 30 s (at most), runs each in its own session, never
 * stacks a run on a job that is still running, and keeps `<state_dir>/cron_state.json` (last run,
 * status, duration, next run per job). Missed runs while the daemon was down are not made up.
 */
import { writeJsonAtomic } from "./events.ts";
import { type CronJob, type CronRun, type CronRunDeps, runCronJob } from "./cron_job.ts";
import { nextRun } from "./schedule.ts";
import { REAL_TIMERS } from "./timers.ts";

/** How often due jobs are checked. */
export const CRON_CHECK_MS = 30_000;
const MIN_WAIT_MS = 200;

/** One job's persisted state. */
export interface CronJobState {
  /** The schedule the state was computed for (a changed schedule starts afresh). */
  schedule: string;
  next_run?: number;
  last_run?: CronRun;
  running_since?: number;
  /** Due times skipped because the previous run was still going. */
  skipped_overlaps?: number;
}

/** `cron_state.json`: job name → state. */
export type CronState = Record<string, CronJobState>;

/** Reads `cron_state.json`; missing or unreadable is empty. */
export async function readCronState(path: string): Promise<CronState> {
  try {
    const value = JSON.parse(await Deno.readTextFile(path));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/**
 * The next run of each enabled job after `now` (pure): kept from `state` when its schedule is
 * unchanged and still ahead, else computed afresh (an `every` schedule from the last run).
 */
export function planJobs(jobs: readonly CronJob[], state: CronState, now: number): CronState {
  const out: CronState = {};
  for (const job of jobs) {
    const old = state[job.name]?.schedule === job.schedule.text ? state[job.name] : undefined;
    const { running_since: _, ...kept } = old ?? { schedule: job.schedule.text };
    const next = !job.enabled
      ? undefined
      : old?.next_run !== undefined && old.next_run > now
      ? old.next_run
      : nextRun(job.schedule, now, old?.last_run?.ts);
    out[job.name] = { ...kept, schedule: job.schedule.text, next_run: next };
  }
  return out;
}

/** Options of `startCronScheduler()`. */
export interface CronSchedulerOptions extends CronRunDeps {
  jobs: readonly CronJob[];
  statePath: string;
  checkMs?: number;
  onRun?(job: CronJob, run: CronRun): void;
  onSkip?(job: CronJob, reason: string): void;
}

/** A started scheduler. */
export interface CronScheduler {
  /** The jobs with their current state. */
  status(): { job: CronJob; state: CronJobState; running: boolean }[];
  /** Checks due jobs now (also called by the timer); resolves when started runs are launched. */
  check(): Promise<void>;
  /** Stops the timer, aborts running jobs (their sessions are saved) and waits for them. */
  stop(): Promise<void>;
}

/** Loads the state, plans every job and arms the check timer. */
export async function startCronScheduler(options: CronSchedulerOptions): Promise<CronScheduler> {
  const timers = options.timers ?? REAL_TIMERS;
  const checkMs = options.checkMs ?? CRON_CHECK_MS;
  const state = planJobs(options.jobs, await readCronState(options.statePath), timers.now());
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let timer: number | undefined;
  let stopped = false;
  let saving = Promise.resolve();
  const save = () => {
    const snapshot = structuredClone(state);
    saving = saving.then(() => writeJsonAtomic(options.statePath, snapshot)).catch(() => {});
    return saving;
  };

  const launch = (job: CronJob) => {
    const abort = new AbortController();
    state[job.name] = { ...state[job.name], running_since: timers.now() };
    const done = runCronJob(job, options, abort.signal).then(async ({ text: _, ...run }) => {
      const { running_since: _r, ...rest } = state[job.name];
      state[job.name] = { ...rest, last_run: run };
      running.delete(job.name);
      options.onRun?.(job, run);
      await save();
    });
    running.set(job.name, { abort, done });
  };

  const check = async () => {
    const now = timers.now();
    for (const job of options.jobs) {
      const s = state[job.name];
      if (!job.enabled || s.next_run === undefined || s.next_run > now) continue;
      // The next due time is taken from the due one, so an `every` job keeps its grid.
      s.next_run = nextRun(
        job.schedule,
        now,
        job.schedule.kind === "every" ? s.next_run : undefined,
      );
      if (running.has(job.name)) {
        s.skipped_overlaps = (s.skipped_overlaps ?? 0) + 1;
        options.onSkip?.(job, "the previous run is still running");
        continue;
      }
      launch(job);
    }
    await save();
  };

  // Wakes at the earliest due time, and at least every `checkMs` (a clock jump is noticed).
  const arm = () => {
    if (stopped) return;
    const due = Object.values(state).map((s) => s.next_run ?? Infinity);
    const wait = Math.min(checkMs, Math.max(MIN_WAIT_MS, Math.min(...due) - timers.now()));
    timer = timers.setTimeout(() => {
      timer = undefined;
      // check() plans synchronously before its first await, so the next wake is known now.
      check().catch(() => {});
      arm();
    }, wait);
  };
  await save();
  arm();

  return {
    status: () =>
      options.jobs.map((job) => ({ job, state: state[job.name], running: running.has(job.name) })),
    check,
    async stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      for (const r of running.values()) r.abort.abort();
      await Promise.all([...running.values()].map((r) => r.done));
      await saving;
    },
  };
}
