/** Wall-clock time in an IANA zone: active hours (overnight windows too) and local midnights; pure. */

/** Active hours as `HH:MM` start (inclusive) and end (exclusive); start > end wraps past midnight. */
export interface ActiveHours {
  start: string;
  end: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The system's time zone (what `TZ` or the OS says). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}

/** The local date (`YYYY-MM-DD`) and minute of the day at `ms` in `timeZone`. */
export function zonedParts(ms: number, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/** Whether `ms` falls inside the active hours in `timeZone`; no hours means always. */
export function inActiveHours(
  ms: number,
  hours: ActiveHours | undefined,
  timeZone: string,
): boolean {
  if (!hours) return true;
  const start = clockMinutes(hours.start);
  const end = clockMinutes(hours.end);
  if (start === end) return true;
  const now = zonedParts(ms, timeZone).minutes;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant after `ms` whose local date in `timeZone` differs (the next local midnight). */
export function nextLocalMidnight(ms: number, timeZone: string): number {
  const today = zonedParts(ms, timeZone).date;
  // Step by hours (a DST day has 23 or 25), then back to the first minute of the new day.
  let t = ms - (ms % 60_000);
  while (zonedParts(t, timeZone).date === today) t += 3_600_000;
  while (zonedParts(t - 60_000, timeZone).date !== today) t -= 60_000;
  return t;
}
