/** One cron job run: a fresh saved `cron` session with the job's prompt; the result delivered. */
import type { Deliver } from "../core/mod.ts";
import type { SessionDeps } from "../agent/mod.ts";
import { isHeartbeatOk, preview } from "./content.ts";
import { runBackgroundTurn } from "./run_turn.ts";
import type { Schedule } from "./schedule.ts";
import { REAL_TIMERS, type Timers } from "./timers.ts";

/** A job from `[[cron.jobs]]`, resolved. */
export interface CronJob {
  name: string;
  schedule: Schedule;
  prompt: string;
  timeoutMs: number;
  enabled: boolean;
  model: string;
}

/** How a run ended: `sent` (delivered), `ok` (HEARTBEAT_OK only), `failed`, `timed_out`. */
export type CronRunStatus = "sent" | "ok" | "failed" | "timed_out";

/** The record of one run. */
export interface CronRun {
  ts: number;
  status: CronRunStatus;
  duration_ms: number;
  preview?: string;
  reason?: string;
  session_id?: string;
  tokens?: number;
  cost?: number;
}

/** What a run needs. */
export interface CronRunDeps {
  sessionDeps: SessionDeps;
  deliver: Deliver;
  timers?: Timers;
}

/** Runs a job now; never throws. */
export async function runCronJob(
  job: CronJob,
  deps: CronRunDeps,
  signal?: AbortSignal,
): Promise<CronRun & { text: string }> {
  const timers = deps.timers ?? REAL_TIMERS;
  const ts = timers.now();
  const r = await runBackgroundTurn(deps.sessionDeps, {
    kind: "cron",
    model: job.model,
    prompt: `[cron:${job.name}] ${job.prompt}`,
    timeoutMs: job.timeoutMs,
    signal,
    timers,
  }).catch((error) => ({
    sessionId: undefined,
    text: "",
    tokens: 0,
    cost: 0,
    timedOut: false,
    aborted: false,
    error: (error as Error).message,
  }));
  const text = r.text.trim();
  const base = {
    ts,
    tokens: r.tokens,
    cost: r.cost,
    ...(r.sessionId ? { session_id: r.sessionId } : {}),
    ...(text ? { preview: preview(text) } : {}),
  };
  const end = (status: CronRunStatus, reason?: string) => ({
    ...base,
    status,
    duration_ms: Math.max(0, timers.now() - ts),
    text,
    ...(reason ? { reason } : {}),
  });
  if (r.timedOut) return end("timed_out", `no answer within ${job.timeoutMs / 1000} s`);
  if (r.aborted) return end("failed", "interrupted (daemon stopping)");
  if (r.error && !text) return end("failed", r.error);
  if (!text || isHeartbeatOk(text)) return end("ok");
  await deps.deliver({ source: "cron", name: job.name, text, ts, sessionId: r.sessionId });
  return end("sent");
}
