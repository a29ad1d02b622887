import assert from "node:assert/strict";
import { nextRuns, parseEvery, parseSchedule } from "../../src/heartbeat/mod.ts";

const T = Date.parse("2026-03-02T08:10:00Z"); // a Monday

Deno.test("parseEvery() reads seconds, minutes, hours and days", () => {
  assert.equal(parseEvery("every 90s"), 90_000);
  assert.equal(parseEvery("every 30m"), 1_800_000);
  assert.equal(parseEvery("every 2h"), 7_200_000);
  assert.equal(parseEvery("every 1d"), 86_400_000);
  assert.equal(parseEvery("*/5 * * * *"), undefined);
});

Deno.test("parseSchedule() refuses a zero or unitless every", () => {
  assert.throws(() => parseSchedule("every 0m"), /above zero/);
  assert.throws(() => parseSchedule("every 10"), /expected "every <number><s\|m\|h\|d>"/);
});

Deno.test("parseSchedule() passes the library's reason for a bad cron field", () => {
  assert.throws(() => parseSchedule("61 * * * *"), /Invalid schedule "61 \* \* \* \*": .*minute/i);
  assert.throws(() => parseSchedule("* * * *"), /expected 5 fields .* got 4/);
  assert.throws(() => parseSchedule("0 9 * * FUNDAY"), /Invalid schedule/);
});

Deno.test("parseSchedule() accepts names and ranges", () => {
  const s = parseSchedule("0 9 * JAN-DEC MON-FRI");
  assert.equal(s.kind, "cron");
});

Deno.test("nextRuns() previews weekday mornings in a time zone", () => {
  const s = parseSchedule("0 9 * * MON-FRI", "Europe/Berlin");
  const runs = nextRuns(s, Date.parse("2026-03-27T12:00:00Z"), { count: 3 });
  // Friday's 09:00 has passed; Monday 30 March is after the switch to summer time (UTC+2).
  assert.deepEqual(runs.map((t) => new Date(t).toISOString()), [
    "2026-03-30T07:00:00.000Z",
    "2026-03-31T07:00:00.000Z",
    "2026-04-01T07:00:00.000Z",
  ]);
});

Deno.test("nextRuns() steps an every schedule from its anchor", () => {
  const s = parseSchedule("every 30m");
  assert.deepEqual(nextRuns(s, T, { count: 2 }), [T + 1_800_000, T + 3_600_000]);
  const anchor = T - 40 * 60_000;
  assert.deepEqual(nextRuns(s, T, { count: 1, anchor }), [anchor + 3_600_000]);
});
