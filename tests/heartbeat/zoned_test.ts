import assert from "node:assert/strict";
import { inActiveHours, nextLocalMidnight, zonedParts } from "../../src/heartbeat/mod.ts";

const at = (iso: string) => Date.parse(iso);

Deno.test("inActiveHours() uses the given zone, not UTC", () => {
  const hours = { start: "09:00", end: "22:00" };
  // 07:30 UTC is 08:30 in Berlin (winter): before the window; 08:30 UTC is 09:30: inside.
  assert.equal(inActiveHours(at("2026-01-15T07:30:00Z"), hours, "Europe/Berlin"), false);
  assert.equal(inActiveHours(at("2026-01-15T08:30:00Z"), hours, "Europe/Berlin"), true);
  assert.equal(inActiveHours(at("2026-01-15T21:00:00Z"), hours, "Europe/Berlin"), false);
});

Deno.test("inActiveHours() wraps an overnight window past midnight", () => {
  const night = { start: "22:00", end: "06:00" };
  assert.equal(inActiveHours(at("2026-01-15T23:30:00Z"), night, "UTC"), true);
  assert.equal(inActiveHours(at("2026-01-16T05:59:00Z"), night, "UTC"), true);
  assert.equal(inActiveHours(at("2026-01-16T06:00:00Z"), night, "UTC"), false);
  assert.equal(inActiveHours(at("2026-01-15T12:00:00Z"), night, "UTC"), false);
});

Deno.test("inActiveHours() follows a DST change in the zone", () => {
  const hours = { start: "09:00", end: "10:00" };
  // New York springs forward on 8 March 2026: 09:30 local is 14:30 UTC before, 13:30 UTC after.
  assert.equal(inActiveHours(at("2026-03-07T14:30:00Z"), hours, "America/New_York"), true);
  assert.equal(inActiveHours(at("2026-03-09T14:30:00Z"), hours, "America/New_York"), false);
  assert.equal(inActiveHours(at("2026-03-09T13:30:00Z"), hours, "America/New_York"), true);
});

Deno.test("inActiveHours() without hours is always true", () => {
  assert.equal(inActiveHours(at("2026-01-15T03:00:00Z"), undefined, "UTC"), true);
});

Deno.test("nextLocalMidnight() finds midnight in the zone on a 23-hour DST day", () => {
  // Berlin on 29 March 2026 has 23 hours; the next midnight is 30 March 00:00 CEST = 29th 22:00 UTC.
  const t = nextLocalMidnight(at("2026-03-29T10:00:00Z"), "Europe/Berlin");
  assert.equal(new Date(t).toISOString(), "2026-03-29T22:00:00.000Z");
  assert.deepEqual(zonedParts(t, "Europe/Berlin"), { date: "2026-03-30", minutes: 0 });
});
