/**
 * The daemon's background work: the heartbeat runner and the cron scheduler over their own
 * Session deps (every built-in tool, sandboxed; approval-gated tools refused), results through
 * the delivery hub, ticks and runs on the event bus. `stop()` aborts what runs; sessions are saved.
 */
import type { HostEnv, LoadedConfig } from "../../config/mod.ts";
import type { SessionStore } from "../../agent/mod.ts";
import type { Memory } from "../../memory/mod.ts";
import type { CronJobJson, HeartbeatStatus } from "../../channels/http/mod.ts";
import type {
  CronScheduler,
  HeartbeatRunner,
  HeartbeatSettings,
  Timers,
} from "../../heartbeat/mod.ts";
import { createAgentDeps } from "../agent_deps.ts";
import { cronJobs, heartbeatSettings } from "../background_config.ts";
import { cronJobJson, heartbeatStatusJson } from "../background_status.ts";
import { chooseModel } from "../model.ts";
import type { DeliveryHub } from "./deliveries.ts";
import type { EventBus } from "./event_bus.ts";
import type { DaemonLog } from "./log_file.ts";

/** What `startBackground()` needs. */
export interface BackgroundOptions {
  host: HostEnv;
  log: DaemonLog;
  store: SessionStore;
  memory: Memory;
  hub: DeliveryHub;
  bus: EventBus;
  /** The chat backend's model (used unless heartbeat.model / a job's model is set). */
  defaultModel: string;
  /** Why the assistant is busy (a user turn runs), or undefined. */
  busy(): string | undefined;
  timers?: Timers;
}

/** The started background services. */
export interface Background {
  heartbeat?: HeartbeatRunner;
  cron?: CronScheduler;
  settings: HeartbeatSettings;
  heartbeatStatus(): Promise<HeartbeatStatus>;
  cronStatus(): Promise<{ jobs: CronJobJson[] }>;
  stop(): Promise<void>;
}

/** Starts the heartbeat (when enabled) and the cron scheduler (when jobs exist). */
export async function startBackground(
  loaded: LoadedConfig,
  options: BackgroundOptions,
): Promise<Background> {
  const { config, paths, vars } = loaded;
  const hbMod = await import("../../heartbeat/mod.ts");
  const { log, hub, bus } = options;
  const timers = options.timers ?? hbMod.REAL_TIMERS;
  const settings = await heartbeatSettings(config, options.defaultModel);
  const jobs = await cronJobs(config, options.defaultModel);
  const needed = settings.enabled || jobs.length > 0;
  const agentDeps = needed
    ? (await createAgentDeps(loaded, options.host, {
      choice: () => chooseModel(config, vars),
      memory: options.memory,
      store: options.store,
      tools: { noApproval: true },
      warn: (text) => log.warn(text.trim().replace(/^warning: /, "")),
    })).deps
    : undefined;

  let heartbeat: HeartbeatRunner | undefined;
  if (settings.enabled && agentDeps) {
    const state = await hbMod.readHeartbeatState(paths.heartbeatState);
    const tickDeps = {
      settings,
      workspace: paths.workspace,
      statePath: paths.heartbeatState,
      sessionDeps: agentDeps,
      deliver: hub.deliver,
      busy: options.busy,
      lock: () =>
        hbMod.tryWorkspaceLock(paths.workspaceLock, { pid: Deno.pid, what: "daemon heartbeat" }),
      timers,
    };
    heartbeat = hbMod.startHeartbeatRunner({
      intervalMs: settings.intervalMs,
      overdueDelayMs: settings.overdueDelayMs,
      lastRunTs: state.last_event?.ts,
      tick: (signal) => hbMod.runHeartbeatTick(tickDeps, { signal }),
      onEvent: (event) => {
        const detail = [event.reason, event.preview].filter(Boolean).join(": ");
        log.info(
          `heartbeat ${event.status} in ${event.duration_ms} ms${detail ? `: ${detail}` : ""}`,
        );
        bus.publish({ type: "heartbeat", event });
      },
      timers,
    });
  }

  let cron: CronScheduler | undefined;
  if (jobs.length > 0 && agentDeps) {
    cron = await hbMod.startCronScheduler({
      jobs,
      statePath: paths.cronState,
      sessionDeps: agentDeps,
      deliver: hub.deliver,
      timers,
      onRun: (job, run) => {
        log.info(
          `cron job "${job.name}" ${run.status} in ${run.duration_ms} ms${
            run.reason ? `: ${run.reason}` : ""
          }`,
        );
        bus.publish({ type: "cron_run", name: job.name, run });
      },
      onSkip: (job, reason) => log.warn(`cron job "${job.name}" skipped: ${reason}`),
    });
  }

  return {
    heartbeat,
    cron,
    settings,
    async heartbeatStatus() {
      const state = await hbMod.readHeartbeatState(paths.heartbeatState);
      return heartbeatStatusJson(settings, state, timers.now(), {
        running: heartbeat?.running ?? false,
        nextRun: heartbeat?.nextRun(),
      });
    },
    cronStatus() {
      const list = cron?.status() ?? [];
      return Promise.resolve({
        jobs: list.map(({ job, state, running }) => cronJobJson(job, state, running)),
      });
    },
    async stop() {
      await heartbeat?.stop();
      await cron?.stop();
    },
  };
}
