import assert from "node:assert/strict";
import { join } from "node:path";
import type { Delivery } from "../../src/core/mod.ts";
import type { StreamFn } from "../../src/llm/mod.ts";
import {
  type CronJob,
  parseSchedule,
  planJobs,
  readCronState,
  runCronJob,
  startCronScheduler,
} from "../../src/heartbeat/mod.ts";
import { createTestAgent, FakeTimers, textReply } from "../support/mod.ts";

const job = (over: Partial<CronJob> = {}): CronJob => ({
  name: "digest",
  schedule: parseSchedule("every 10m"),
  prompt: "Summarise today's notes.",
  timeoutMs: 60_000,
  enabled: true,
  model: "fake/fake-model",
  ...over,
});

Deno.test("planJobs() computes next runs and leaves disabled jobs unplanned", () => {
  const now = Date.parse("2026-03-02T08:10:00Z");
  const plan = planJobs(
    [
      job(),
      job({ name: "morning", schedule: parseSchedule("0 9 * * *") }),
      job({ name: "off", enabled: false }),
    ],
    {},
    now,
  );
  assert.equal(plan.digest.next_run, now + 600_000);
  assert.equal(new Date(plan.morning.next_run!).toISOString(), "2026-03-02T09:00:00.000Z");
  assert.equal(plan.off.next_run, undefined);
});

Deno.test("planJobs() keeps a future next run but replans a changed schedule", () => {
  const now = Date.parse("2026-03-02T08:10:00Z");
  const state = { digest: { schedule: "every 10m", next_run: now + 1000 } };
  assert.equal(planJobs([job()], state, now).digest.next_run, now + 1000);
  const changed = planJobs([job({ schedule: parseSchedule("every 1h") })], state, now);
  assert.equal(changed.digest.next_run, now + 3_600_000);
});

Deno.test("runCronJob() saves a cron session and delivers the reply", async () => {
  await using agent = await createTestAgent([textReply("Three notes today.")]);
  const delivered: Delivery[] = [];
  const run = await runCronJob(job(), {
    sessionDeps: agent.deps,
    deliver: (d) => (delivered.push(d), Promise.resolve()),
  });
  assert.equal(run.status, "sent");
  assert.deepEqual(delivered.map((d) => [d.source, d.name, d.text]), [
    ["cron", "digest", "Three notes today."],
  ]);
  const [session] = await agent.store.list();
  assert.equal(session.kind, "cron");
  assert.match(
    JSON.stringify(agent.provider.calls[0].context.messages),
    /\[cron:digest\] Summarise/,
  );
});

Deno.test("runCronJob() times out and reports timed_out", async () => {
  await using agent = await createTestAgent([]);
  let started!: () => void;
  const asked = new Promise<void>((r) => (started = r));
  const hanging: StreamFn = async function* (_c, options) {
    started();
    yield { type: "start", provider: "fake", model: "fake/fake-model" };
    await new Promise((r) => options?.signal?.addEventListener("abort", r));
  };
  agent.deps.streamFor = () => Promise.resolve(hanging);
  const timers = new FakeTimers();
  const running = runCronJob(job(), {
    sessionDeps: agent.deps,
    deliver: () => Promise.resolve(),
    timers,
  });
  await asked;
  await timers.advance(60_000);
  const run = await running;
  assert.equal(run.status, "timed_out");
  assert.equal(run.duration_ms, 60_000);
});

Deno.test("startCronScheduler() runs due jobs, skips an overlapping run and keeps state", async () => {
  await using agent = await createTestAgent([]);
  let release!: () => void;
  let calls = 0;
  const slow: StreamFn = async function* (_c, options) {
    calls++;
    yield { type: "start", provider: "fake", model: "fake/fake-model" };
    await new Promise<void>((r) => {
      release = r;
      options?.signal?.addEventListener("abort", () => r());
    });
    yield* textReply("done");
  };
  agent.deps.streamFor = () => Promise.resolve(slow);
  const timers = new FakeTimers();
  const t0 = timers.now();
  const statePath = join(agent.home.vars.LOCALGPT_STATE_DIR, "cron_state.json");
  const skips: string[] = [];
  const scheduler = await startCronScheduler({
    jobs: [job({ timeoutMs: 3_600_000 })],
    statePath,
    sessionDeps: agent.deps,
    deliver: () => Promise.resolve(),
    timers,
    onSkip: (j, reason) => skips.push(`${j.name}: ${reason}`),
  });
  await timers.advance(10 * 60_000);
  // The check re-arms its timer once the state is saved (real file I/O).
  await waitFor(() => calls === 1 && timers.pending > 0);
  await timers.advance(10 * 60_000); // due again while the first run is still going
  await waitFor(() => skips.length > 0);
  assert.equal(calls, 1);
  assert.deepEqual(skips, ["digest: the previous run is still running"]);
  assert.equal(scheduler.status()[0].running, true);
  release();
  await waitFor(() => !scheduler.status()[0].running);
  await scheduler.stop();
  const state = await readCronState(statePath);
  assert.equal(state.digest.last_run?.status, "sent");
  assert.equal(state.digest.last_run?.ts, t0 + 10 * 60_000);
  assert.equal(state.digest.next_run, t0 + 30 * 60_000);
  assert.equal(state.digest.skipped_overlaps, 1);
});

async function waitFor(test: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 1));
  assert.ok(test(), "condition not reached");
}
