import assert from "node:assert/strict";
import {
  type HeartbeatEvent,
  type HeartbeatOutcome,
  startHeartbeatRunner,
} from "../../src/heartbeat/mod.ts";
import { FakeTimers } from "../support/mod.ts";

const MIN = 60_000;

function recorder(timers: FakeTimers, outcomes: HeartbeatOutcome[] = []) {
  const ticks: number[] = [];
  return {
    ticks,
    tick: (): Promise<HeartbeatEvent> => {
      ticks.push(timers.now());
      const status = outcomes.shift() ?? "ok";
      return Promise.resolve({ ts: timers.now(), status, duration_ms: 0 });
    },
  };
}

/** A runner every 30 min (overdue delay 1 min) over a recorder with these outcomes. */
function scripted(outcomes: HeartbeatOutcome[] = [], lastRunTs?: number) {
  const timers = new FakeTimers();
  const t0 = timers.now();
  const r = recorder(timers, outcomes);
  const runner = startHeartbeatRunner({
    intervalMs: 30 * MIN,
    overdueDelayMs: MIN,
    lastRunTs: lastRunTs === undefined ? undefined : t0 + lastRunTs,
    tick: r.tick,
    timers,
  });
  return { timers, t0, ticks: r.ticks, runner };
}

Deno.test("startHeartbeatRunner() schedules the first tick from the last recorded one", async () => {
  const { timers, t0, ticks, runner } = scripted([], -(10 * MIN));
  assert.equal(runner.running, true);
  assert.equal(runner.nextRun(), t0 + 20 * MIN);
  await timers.advance(20 * MIN);
  assert.deepEqual(ticks, [t0 + 20 * MIN]);
  assert.equal(runner.nextRun(), t0 + 50 * MIN);
  await runner.stop();
  assert.equal(runner.nextRun(), undefined);
});

Deno.test("startHeartbeatRunner() starts after the overdue delay when the last tick is old", async () => {
  const { timers, t0, ticks, runner } = scripted([], -(5 * 3_600_000));
  await timers.advance(MIN);
  assert.deepEqual(ticks, [t0 + MIN]);
  await runner.stop();
});

Deno.test("startHeartbeatRunner() skips missed ticks after the clock jumps", async () => {
  const { timers, t0, ticks, runner } = scripted();
  await timers.advance(MIN); // first tick at t0+1m; next slot t0+31m
  timers.jump(3 * 3_600_000); // asleep for three hours
  await timers.advance(0); // the overdue timer fires once
  assert.equal(ticks.length, 2);
  // One tick for the whole gap, then back on the grid: no burst of the six missed slots.
  assert.equal(runner.nextRun(), t0 + MIN + 7 * 30 * MIN);
  await runner.stop();
});

Deno.test("startHeartbeatRunner() keeps the cadence when sent and ok alternate", async () => {
  const { timers, t0, ticks, runner } = scripted(["sent", "ok", "sent", "ok"]);
  await timers.advance(MIN + 3 * 30 * MIN);
  assert.deepEqual(ticks.map((t) => (t - t0) / MIN), [1, 31, 61, 91]);
  await runner.stop();
});

Deno.test("startHeartbeatRunner() retries a busy tick with backoff, then returns to the grid", async () => {
  const { timers, t0, ticks, runner } = scripted([
    "skipped_may_try",
    "skipped_may_try",
    "skipped_may_try",
    "ok",
  ]);
  await timers.advance(MIN + 7000);
  assert.deepEqual(ticks.map((t) => t - t0 - MIN), [0, 1000, 3000, 7000]);
  assert.equal(runner.nextRun(), t0 + 31 * MIN);
  await runner.stop();
});

Deno.test("startHeartbeatRunner() never overlaps ticks", async () => {
  const timers = new FakeTimers();
  let active = 0;
  let maxActive = 0;
  let release!: () => void;
  const runner = startHeartbeatRunner({
    intervalMs: 10_000,
    overdueDelayMs: 1000,
    timers,
    tick: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => (release = r));
      active--;
      return { ts: timers.now(), status: "ok", duration_ms: 0 };
    },
  });
  await timers.advance(1000);
  assert.equal(runner.ticking, true);
  await timers.advance(60_000); // a long tick: no timer is armed while it runs
  assert.equal(maxActive, 1);
  release();
  await timers.advance(0);
  assert.equal(runner.ticks, 1);
  await runner.stop();
});

Deno.test("HeartbeatRunner.stop() aborts the running tick and waits for it", async () => {
  const timers = new FakeTimers();
  let aborted = false;
  const runner = startHeartbeatRunner({
    intervalMs: 10_000,
    overdueDelayMs: 1000,
    timers,
    tick: (signal) =>
      new Promise((resolve) =>
        signal.addEventListener("abort", () => {
          aborted = true;
          resolve({ ts: timers.now(), status: "failed", duration_ms: 0 });
        })
      ),
  });
  await timers.advance(1000);
  await runner.stop();
  assert.equal(aborted, true);
  assert.equal(timers.pending, 0);
});

Deno.test("startHeartbeatRunner() records a throwing tick as failed and keeps running", async () => {
  const timers = new FakeTimers();
  const events: HeartbeatEvent[] = [];
  const runner = startHeartbeatRunner({
    intervalMs: 10_000,
    overdueDelayMs: 1000,
    timers,
    tick: () => Promise.reject(new Error("disk full")),
    onEvent: (e) => events.push(e),
  });
  await timers.advance(11_000);
  assert.deepEqual(events.map((e) => [e.status, e.reason]), [
    ["failed", "disk full"],
    ["failed", "disk full"],
  ]);
  assert.equal(runner.running, true);
  await runner.stop();
});
