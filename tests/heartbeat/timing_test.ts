import assert from "node:assert/strict";
import { backoffMs, firstRunAt, nextSlot } from "../../src/heartbeat/mod.ts";

const MIN = 60_000;
const NOW = Date.parse("2026-03-01T10:00:00Z");

Deno.test("firstRunAt() is the last run plus the interval when that is ahead", () => {
  assert.equal(firstRunAt(NOW - 10 * MIN, NOW, 30 * MIN, MIN), NOW + 20 * MIN);
});

Deno.test("firstRunAt() waits the overdue delay when overdue or never run", () => {
  assert.equal(firstRunAt(NOW - 45 * MIN, NOW, 30 * MIN, MIN), NOW + MIN);
  assert.equal(firstRunAt(undefined, NOW, 30 * MIN, MIN), NOW + MIN);
});

Deno.test("nextSlot() skips missed slots instead of bursting", () => {
  assert.equal(nextSlot(NOW, NOW + 5 * MIN, 30 * MIN), NOW + 30 * MIN);
  // Three hours asleep: the next slot is the first one still ahead, on the same grid.
  assert.equal(nextSlot(NOW, NOW + 185 * MIN, 30 * MIN), NOW + 210 * MIN);
});

Deno.test("backoffMs() doubles from 1 s and caps at half the interval", () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffMs(n, 30 * MIN)), [1000, 2000, 4000, 8000]);
  assert.equal(backoffMs(20, 30 * MIN), 15 * MIN);
  assert.equal(backoffMs(3, 10_000), 5000);
});
