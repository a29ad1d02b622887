/** Heartbeat events and `<state_dir>/last_heartbeat`: the last event, a bounded history, de-dup and the day's spend. */
import { dirname } from "node:path";

/** How a tick ended. */
export type HeartbeatOutcome =
  | "sent"
  | "ok"
  | "skipped"
  | "skipped_may_try"
  | "failed"
  | "timed_out";

/** One tick's record. */
export interface HeartbeatEvent {
  /** When the tick started (epoch ms). */
  ts: number;
  status: HeartbeatOutcome;
  duration_ms: number;
  /** The reply's first 200 characters. */
  preview?: string;
  /** Why it was skipped or failed. */
  reason?: string;
  tokens?: number;
  cost?: number;
  /** The saved session of a tick that called the model. */
  session_id?: string;
}

/** Events kept for the UI. */
export const HISTORY_LIMIT = 100;

/** What `last_heartbeat` holds. */
export interface HeartbeatState {
  last_event: HeartbeatEvent | null;
  /** Newest last, at most HISTORY_LIMIT. */
  history: HeartbeatEvent[];
  /** The last delivered text, for the 24 h de-dup. */
  last_sent?: { text: string; ts: number };
  /** Heartbeat spend on one local day (heartbeat.timezone). */
  day?: { date: string; tokens: number; cost: number };
}

/** An empty state. */
export function emptyState(): HeartbeatState {
  return { last_event: null, history: [] };
}

/** Adds an event (pure): last event, bounded history and, for model calls, the day's spend. */
export function recordEvent(
  state: HeartbeatState,
  event: HeartbeatEvent,
  date: string,
): HeartbeatState {
  const day = state.day?.date === date ? state.day : { date, tokens: 0, cost: 0 };
  return {
    ...state,
    last_event: event,
    history: [...state.history, event].slice(-HISTORY_LIMIT),
    day: {
      date,
      tokens: day.tokens + (event.tokens ?? 0),
      cost: day.cost + (event.cost ?? 0),
    },
  };
}

/**
 * Reads `last_heartbeat`; a missing or unreadable file is an empty state. A bare number (the
 * original's format: a timestamp in ms or s) becomes a last event at that time.
 */
export async function readHeartbeatState(path: string): Promise<HeartbeatState> {
  const text = await Deno.readTextFile(path).catch(() => "");
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    const ts = n < 1e12 ? n * 1000 : n;
    return { last_event: { ts, status: "ok", duration_ms: 0 }, history: [] };
  }
  try {
    const value = JSON.parse(trimmed);
    if (typeof value !== "object" || value === null) return emptyState();
    return {
      ...value,
      last_event: value.last_event ?? null,
      history: Array.isArray(value.history) ? value.history : [],
    };
  } catch {
    return emptyState();
  }
}

/** Writes `last_heartbeat` atomically (temp file, then rename). */
export async function writeHeartbeatState(path: string, state: HeartbeatState): Promise<void> {
  await writeJsonAtomic(path, state);
}

/** Writes JSON to `path` through a temp file and a rename, so readers never see half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  try {
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
