/** Job schedules: 5-field cron expressions (parsed by croner) or `every 30m|2h|1d|90s`; pure. */
import { Cron } from "croner";

/** A parsed schedule. */
export type Schedule =
  | { kind: "every"; ms: number; text: string }
  | { kind: "cron"; expr: string; text: string; timezone?: string };

const EVERY_RE = /^every\s+(\d+)\s*(s|m|h|d)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `every <N><s|m|h|d>`; undefined when `text` is not of that form. Throws for zero. */
export function parseEvery(text: string): number | undefined {
  const m = EVERY_RE.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  if (ms <= 0) throw new RangeError(`Invalid schedule "${text}": the interval must be above zero`);
  return ms;
}

/**
 * Parses a schedule; throws RangeError naming the problem (`Invalid schedule "61 * * * *":
 * Invalid value for minute: 61`). `timezone` (IANA) applies to cron expressions.
 */
export function parseSchedule(text: string, timezone?: string): Schedule {
  const trimmed = text.trim();
  if (/^every\b/i.test(trimmed)) {
    const ms = parseEvery(trimmed);
    if (ms === undefined) {
      throw new RangeError(
        `Invalid schedule "${text}": expected "every <number><s|m|h|d>", e.g. "every 30m"`,
      );
    }
    return { kind: "every", ms, text: trimmed };
  }
  const fields = trimmed.split(/\s+/).filter(Boolean);
  if (!trimmed.startsWith("@") && fields.length !== 5) {
    throw new RangeError(
      `Invalid schedule "${text}": expected 5 fields (minute hour day-of-month month day-of-week) or "every 30m", got ${fields.length}`,
    );
  }
  try {
    new Cron(trimmed, { paused: true, timezone });
  } catch (error) {
    const detail = (error as Error).message.replace(/^CronPattern: /, "");
    throw new RangeError(`Invalid schedule "${text}": ${detail}`, { cause: error });
  }
  return { kind: "cron", expr: trimmed, text: trimmed, ...(timezone ? { timezone } : {}) };
}

/**
 * The next `count` run times strictly after `after` (ms). An `every` schedule runs at
 * `anchor + k × interval` (anchor: the last run, default `after`).
 */
export function nextRuns(
  schedule: Schedule,
  after: number,
  options: { count?: number; anchor?: number } = {},
): number[] {
  const count = options.count ?? 1;
  if (schedule.kind === "every") {
    const anchor = options.anchor ?? after;
    let k = Math.max(1, Math.floor((after - anchor) / schedule.ms) + 1);
    const out: number[] = [];
    while (out.length < count) out.push(anchor + schedule.ms * k++);
    return out;
  }
  const cron = new Cron(schedule.expr, { paused: true, timezone: schedule.timezone });
  return cron.nextRuns(count, new Date(after)).map((d) => d.getTime());
}

/** The next run strictly after `after`, or undefined when the schedule never runs again. */
export function nextRun(schedule: Schedule, after: number, anchor?: number): number | undefined {
  return nextRuns(schedule, after, { count: 1, anchor })[0];
}
