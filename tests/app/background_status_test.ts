import assert from "node:assert/strict";
import { heartbeatStatusJson } from "../../src/app/background_status.ts";
import type { HeartbeatSettings } from "../../src/heartbeat/mod.ts";

const settings: HeartbeatSettings = {
  enabled: true,
  intervalMs: 30 * 60_000,
  timeoutMs: 15 * 60_000,
  overdueDelayMs: 60_000,
  timeZone: "Europe/Berlin",
  model: "fake/fake-model",
  maxTokensPerDay: 1000,
};

Deno.test("heartbeatStatusJson() shows the last event's age, the next run and today's spend", () => {
  const now = Date.parse("2026-03-01T10:00:00Z");
  const status = heartbeatStatusJson(
    settings,
    {
      last_event: { ts: now - 90_000, status: "ok", duration_ms: 800, tokens: 300 },
      history: [],
      day: { date: "2026-03-01", tokens: 300, cost: 0.01 },
    },
    now,
    { running: true, nextRun: now + 60_000 },
  );
  assert.equal(status.last_event?.age_seconds, 90);
  assert.equal(status.next_run, "2026-03-01T10:01:00.000Z");
  assert.deepEqual(status.today, { date: "2026-03-01", tokens: 300, cost: 0.01 });
  assert.equal(status.interval, "30m");
  assert.equal(status.timeout, "15m");
  assert.equal(status.max_tokens_per_day, 1000);
});

Deno.test("heartbeatStatusJson() starts today at zero after local midnight, with no next run when stopped", () => {
  // 23:30 UTC on 1 March is already 2 March in Berlin.
  const now = Date.parse("2026-03-01T23:30:00Z");
  const status = heartbeatStatusJson(settings, {
    last_event: null,
    history: [],
    day: { date: "2026-03-01", tokens: 900, cost: 0.03 },
  }, now);
  assert.deepEqual(status.today, { date: "2026-03-02", tokens: 0, cost: 0 });
  assert.equal(status.next_run, null);
  assert.equal(status.running, false);
});
