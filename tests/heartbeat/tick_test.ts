import assert from "node:assert/strict";
import { join } from "node:path";
import type { Delivery, StreamEvent } from "../../src/core/mod.ts";
import type { StreamFn } from "../../src/llm/mod.ts";
import {
  type HeartbeatSettings,
  readHeartbeatState,
  runHeartbeatTick,
  type TickDeps,
  tryWorkspaceLock,
} from "../../src/heartbeat/mod.ts";
import { createTestAgent, FakeTimers, type TestAgent, textReply } from "../support/mod.ts";

const TASKS = "# Heartbeat\n\n- [ ] check the backup log\n";

function withUsage(text: string, total = 150, cost = 0.01): StreamEvent[] {
  const reply = textReply(text);
  const usage = { input: total - 50, output: 50, cacheRead: 0, cacheWrite: 0, total, cost };
  return [...reply.slice(0, -1), { type: "usage", usage }, reply.at(-1)!];
}

function setup(
  agent: TestAgent,
  timers: FakeTimers,
  settings: Partial<HeartbeatSettings> = {},
  extra: Partial<TickDeps> = {},
) {
  const delivered: Delivery[] = [];
  const statePath = join(agent.home.vars.LOCALGPT_STATE_DIR, "last_heartbeat");
  const lockPath = join(agent.home.vars.LOCALGPT_STATE_DIR, "workspace.lock");
  const deps: TickDeps = {
    settings: {
      enabled: true,
      intervalMs: 30 * 60_000,
      timeoutMs: 15 * 60_000,
      overdueDelayMs: 60_000,
      timeZone: "UTC",
      model: "fake/fake-model",
      ...settings,
    },
    workspace: agent.workspace,
    statePath,
    sessionDeps: agent.deps,
    deliver: (d) => {
      delivered.push(d);
      return Promise.resolve();
    },
    lock: () => tryWorkspaceLock(lockPath, { pid: Deno.pid, what: "heartbeat" }),
    timers,
    ...extra,
  };
  return { deps, delivered, statePath, lockPath };
}

const writeTasks = (agent: TestAgent, text = TASKS) =>
  Deno.writeTextFile(join(agent.workspace, "HEARTBEAT.md"), text);

Deno.test("runHeartbeatTick() makes no model call when HEARTBEAT.md has no open tasks", async () => {
  await using agent = await createTestAgent([textReply("should not be asked")]);
  await writeTasks(agent, "# Heartbeat\n\n<!-- nothing yet -->\n- [x] done already\n");
  const { deps, delivered } = setup(agent, new FakeTimers());
  const event = await runHeartbeatTick(deps);
  assert.equal(event.status, "skipped");
  assert.match(event.reason!, /no open tasks/);
  assert.equal(agent.provider.calls.length, 0);
  assert.equal(delivered.length, 0);
  assert.equal((await agent.store.list()).length, 0);
});

Deno.test("runHeartbeatTick() skips a missing HEARTBEAT.md without a model call", async () => {
  await using agent = await createTestAgent([]);
  const { deps } = setup(agent, new FakeTimers());
  const event = await runHeartbeatTick(deps);
  assert.equal(event.status, "skipped");
  assert.equal(agent.provider.calls.length, 0);
});

Deno.test("runHeartbeatTick() reports ok for HEARTBEAT_OK, delivers nothing, saves the session", async () => {
  await using agent = await createTestAgent([withUsage("HEARTBEAT_OK")]);
  await writeTasks(agent);
  const { deps, delivered, statePath } = setup(agent, new FakeTimers());
  const event = await runHeartbeatTick(deps);
  assert.equal(event.status, "ok");
  assert.equal(event.tokens, 150);
  assert.equal(delivered.length, 0);
  const sessions = await agent.store.list();
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].kind, "heartbeat");
  assert.equal(sessions[0].sessionId, event.session_id);
  const prompt = agent.provider.calls[0].context.messages[0];
  assert.match(JSON.stringify(prompt), /HEARTBEAT\.md.*follow it strictly/);
  const state = await readHeartbeatState(statePath);
  assert.equal(state.last_event?.status, "ok");
  assert.equal(state.history.length, 1);
});

Deno.test("runHeartbeatTick() delivers an alert once and de-duplicates it within 24 h", async () => {
  const alert = "The backup log shows two failed nights.";
  await using agent = await createTestAgent([
    textReply(alert),
    textReply(alert),
    textReply(alert),
  ]);
  await writeTasks(agent);
  const timers = new FakeTimers();
  const { deps, delivered } = setup(agent, timers);
  assert.equal((await runHeartbeatTick(deps)).status, "sent");
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0].source, "heartbeat");
  assert.equal(delivered[0].text, alert);
  timers.jump(30 * 60_000);
  const second = await runHeartbeatTick(deps);
  assert.equal(second.status, "skipped");
  assert.match(second.reason!, /24 h/);
  timers.jump(24 * 3_600_000);
  assert.equal((await runHeartbeatTick(deps)).status, "sent");
  assert.equal(delivered.length, 2);
});

Deno.test("runHeartbeatTick() is skipped_may_try while a user turn runs", async () => {
  await using agent = await createTestAgent([]);
  await writeTasks(agent);
  const { deps } = setup(agent, new FakeTimers(), {}, { busy: () => "a user turn is running" });
  const event = await runHeartbeatTick(deps);
  assert.equal(event.status, "skipped_may_try");
  assert.equal(event.reason, "a user turn is running");
  assert.equal(agent.provider.calls.length, 0);
});

Deno.test("runHeartbeatTick() is skipped_may_try while the workspace lock is held", async () => {
  await using agent = await createTestAgent([]);
  await writeTasks(agent);
  const { deps, lockPath } = setup(agent, new FakeTimers());
  const held = await tryWorkspaceLock(lockPath, { pid: 1, what: "other" });
  try {
    const event = await runHeartbeatTick(deps);
    assert.equal(event.status, "skipped_may_try");
    assert.match(event.reason!, /workspace lock/);
  } finally {
    await held!.release();
  }
});

Deno.test("runHeartbeatTick() skips outside active hours unless run by hand", async () => {
  await using agent = await createTestAgent([textReply("HEARTBEAT_OK")]);
  await writeTasks(agent);
  // 10:00 UTC is 19:00 in Tokyo: outside 09:00-17:00 there.
  const { deps } = setup(agent, new FakeTimers("2026-03-01T10:00:00Z"), {
    activeHours: { start: "09:00", end: "17:00" },
    timeZone: "Asia/Tokyo",
  });
  const event = await runHeartbeatTick(deps);
  assert.equal(event.status, "skipped");
  assert.match(event.reason!, /outside active hours \(09:00-17:00 Asia\/Tokyo\)/);
  assert.equal((await runHeartbeatTick(deps, { manual: true })).status, "ok");
});

Deno.test("runHeartbeatTick() stops at the daily token budget until local midnight", async () => {
  await using agent = await createTestAgent([
    withUsage("HEARTBEAT_OK", 600),
    withUsage("HEARTBEAT_OK", 100),
  ]);
  await writeTasks(agent);
  const timers = new FakeTimers("2026-03-01T20:00:00Z");
  const { deps, statePath } = setup(agent, timers, {
    maxTokensPerDay: 500,
    timeZone: "Europe/Berlin",
  });
  assert.equal((await runHeartbeatTick(deps)).status, "ok");
  timers.jump(30 * 60_000);
  const skipped = await runHeartbeatTick(deps);
  assert.equal(skipped.status, "skipped");
  assert.match(skipped.reason!, /budget reached \(600\/500\); resumes at 2026-03-01T23:00:00.000Z/);
  assert.equal(agent.provider.calls.length, 1);
  timers.jump(3 * 3_600_000); // past midnight in Berlin
  assert.equal((await runHeartbeatTick(deps)).status, "ok");
  const state = await readHeartbeatState(statePath);
  assert.deepEqual(state.day, { date: "2026-03-02", tokens: 100, cost: 0.01 });
});

Deno.test("runHeartbeatTick() times out, aborts the turn and keeps the session", async () => {
  await using agent = await createTestAgent([]);
  await writeTasks(agent);
  let started!: () => void;
  const asked = new Promise<void>((r) => (started = r));
  let abortedSeen = false;
  const hanging: StreamFn = async function* (_context, options) {
    started();
    yield { type: "start", provider: "fake", model: "fake/fake-model" };
    await new Promise((r) => options?.signal?.addEventListener("abort", r));
    abortedSeen = true;
  };
  agent.deps.streamFor = () => Promise.resolve(hanging);
  const timers = new FakeTimers();
  const { deps } = setup(agent, timers, { timeoutMs: 60_000 });
  const tick = runHeartbeatTick(deps);
  await asked;
  await timers.advance(60_000);
  const event = await tick;
  assert.equal(event.status, "timed_out");
  assert.equal(abortedSeen, true);
  assert.equal(event.duration_ms, 60_000);
  const [session] = await agent.store.list();
  assert.equal(session.kind, "heartbeat");
  assert.ok(session.messageCount >= 1, "the prompt is in the saved transcript");
});
