/**
 * Heartbeat figures: the cost of an idle tick (HEARTBEAT.md with no open tasks), which reads the
 * file and records the event but makes no model call: p50/p99 per tick and the model calls made
 * (expected: 0 calls, well under 5 ms). Also `cron next` style previews per second.
 */
import { join } from "node:path";
import {
  nextRuns,
  parseSchedule,
  runHeartbeatTick,
  tryWorkspaceLock,
} from "../src/heartbeat/mod.ts";
import { createTestAgent, textReply } from "../tests/support/mod.ts";

const TICKS = 500;
const PREVIEWS = 2000;

export default async function () {
  await using agent = await createTestAgent([textReply("never asked")]);
  await Deno.writeTextFile(
    join(agent.workspace, "HEARTBEAT.md"),
    "# Heartbeat\n\n<!-- add tasks below -->\n- [x] renew the domain\n- [x] water the plants\n",
  );
  const state = agent.home.vars.LOCALGPT_STATE_DIR;
  const deps = {
    settings: {
      enabled: true,
      intervalMs: 30 * 60_000,
      timeoutMs: 15 * 60_000,
      overdueDelayMs: 60_000,
      timeZone: "Europe/Berlin",
      model: "fake/fake-model",
    },
    workspace: agent.workspace,
    statePath: join(state, "last_heartbeat"),
    sessionDeps: agent.deps,
    deliver: () => Promise.resolve(),
    lock: () => tryWorkspaceLock(join(state, "workspace.lock"), { pid: Deno.pid, what: "bench" }),
  };
  const times: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    const t = performance.now();
    await runHeartbeatTick(deps);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const cron = parseSchedule("0 9 * * MON-FRI", "Europe/Berlin");
  const t0 = performance.now();
  for (let i = 0; i < PREVIEWS; i++) nextRuns(cron, Date.now(), { count: 5 });
  const previewMs = performance.now() - t0;
  return {
    idle_tick_ms_p50: round(times[Math.floor(TICKS / 2)]),
    idle_tick_ms_p99: round(times[Math.floor(TICKS * 0.99)]),
    idle_tick_model_calls: agent.provider.calls.length,
    idle_tick_sessions_created: (await agent.store.list()).length,
    cron_previews_per_s: Math.round(PREVIEWS / (previewMs / 1000)),
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
