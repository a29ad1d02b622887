/**
 * One heartbeat tick: the cheap checks first (active hours, daily budget, HEARTBEAT.md empty, busy,
 * workspace lock) so an idle assistant costs no tokens; then a fresh saved session with the
 * heartbeat prompt; then the reply handling (HEARTBEAT_OK, 24 h de-dup, delivery).
 */
import { join } from "node:path";
import type { Deliver } from "../core/mod.ts";
import type { SessionDeps } from "../agent/mod.ts";
import { HEARTBEAT_PROMPT, isHeartbeatFileEmpty, isHeartbeatOk, preview } from "./content.ts";
import {
  type HeartbeatEvent,
  type HeartbeatState,
  readHeartbeatState,
  recordEvent,
  writeHeartbeatState,
} from "./events.ts";
import { runBackgroundTurn } from "./run_turn.ts";
import type { HeartbeatSettings } from "./settings.ts";
import { REAL_TIMERS, type Timers } from "./timers.ts";
import type { HeldLock } from "./workspace_lock.ts";
import { inActiveHours, nextLocalMidnight, zonedParts } from "./zoned.ts";

/** A repeated non-OK reply within this window is not delivered again. */
export const DEDUP_WINDOW_MS = 24 * 3_600_000;

/** What a tick works with; all of it injected. */
export interface TickDeps {
  settings: HeartbeatSettings;
  workspace: string;
  /** `<state_dir>/last_heartbeat`. */
  statePath: string;
  sessionDeps: SessionDeps;
  deliver: Deliver;
  /** Why the assistant is busy (a user turn runs), or undefined when it is free. */
  busy?: () => string | undefined;
  /** Takes the workspace lock, or undefined when another process holds it. */
  lock: () => Promise<HeldLock | undefined>;
  timers?: Timers;
}

/** Options of one tick. */
export interface TickOptions {
  signal?: AbortSignal;
  /** A tick the user asked for (`daemon heartbeat`): active hours do not apply. */
  manual?: boolean;
}

/** Runs one tick, records its event in `last_heartbeat` and returns it. Never throws. */
export async function runHeartbeatTick(
  deps: TickDeps,
  options: TickOptions = {},
): Promise<HeartbeatEvent> {
  const timers = deps.timers ?? REAL_TIMERS;
  const started = timers.now();
  const state = await readHeartbeatState(deps.statePath);
  let event: HeartbeatEvent;
  let sent: string | undefined;
  try {
    ({ event, sent } = await tickOnce(deps, state, started, options));
  } catch (error) {
    event = { ts: started, status: "failed", duration_ms: 0, reason: (error as Error).message };
  }
  event.duration_ms = Math.max(0, timers.now() - started);
  const date = zonedParts(started, deps.settings.timeZone).date;
  let next = recordEvent(await readHeartbeatState(deps.statePath), event, date);
  if (sent !== undefined) next = { ...next, last_sent: { text: sent, ts: started } };
  await writeHeartbeatState(deps.statePath, next).catch(() => {});
  return event;
}

async function tickOnce(
  deps: TickDeps,
  state: HeartbeatState,
  ts: number,
  options: TickOptions,
): Promise<{ event: HeartbeatEvent; sent?: string }> {
  const s = deps.settings;
  const skip = (status: "skipped" | "skipped_may_try", reason: string) => ({
    event: { ts, status, duration_ms: 0, reason },
  });
  if (!options.manual && !inActiveHours(ts, s.activeHours, s.timeZone)) {
    return skip(
      "skipped",
      `outside active hours (${s.activeHours!.start}-${s.activeHours!.end} ${s.timeZone})`,
    );
  }
  const today = zonedParts(ts, s.timeZone).date;
  const spent = state.day?.date === today ? state.day.tokens : 0;
  if (s.maxTokensPerDay !== undefined && spent >= s.maxTokensPerDay) {
    const resume = new Date(nextLocalMidnight(ts, s.timeZone)).toISOString();
    return skip(
      "skipped",
      `daily token budget reached (${spent}/${s.maxTokensPerDay}); resumes at ${resume}`,
    );
  }
  const file = await Deno.readTextFile(join(deps.workspace, "HEARTBEAT.md")).catch(() => undefined);
  if (file === undefined) return skip("skipped", "HEARTBEAT.md is missing");
  if (isHeartbeatFileEmpty(file)) return skip("skipped", "HEARTBEAT.md has no open tasks");
  const busy = deps.busy?.();
  if (busy) return skip("skipped_may_try", busy);
  const lock = await deps.lock();
  if (!lock) return skip("skipped_may_try", "another process holds the workspace lock");
  try {
    const r = await runBackgroundTurn(deps.sessionDeps, {
      kind: "heartbeat",
      model: s.model,
      prompt: HEARTBEAT_PROMPT,
      timeoutMs: s.timeoutMs,
      signal: options.signal,
      timers: deps.timers,
    });
    const base = {
      ts,
      duration_ms: 0,
      tokens: r.tokens,
      cost: r.cost,
      session_id: r.sessionId,
      ...(r.text ? { preview: preview(r.text) } : {}),
    };
    const done = (status: HeartbeatEvent["status"], reason?: string) => ({
      event: { ...base, status, ...(reason ? { reason } : {}) },
    });
    if (r.timedOut) return done("timed_out", `no answer within ${s.timeoutMs / 1000} s`);
    if (r.aborted) return done("failed", "interrupted (daemon stopping)");
    if (r.error && !r.text.trim()) return done("failed", r.error);
    if (isHeartbeatOk(r.text)) return done("ok");
    const text = r.text.trim();
    const last = state.last_sent;
    if (last && last.text === text && ts - last.ts < DEDUP_WINDOW_MS) {
      return done("skipped", "same reply as the one sent within 24 h");
    }
    await deps.deliver({ source: "heartbeat", text, ts, sessionId: r.sessionId });
    return { ...done("sent"), sent: text };
  } finally {
    await lock.release();
  }
}
