/**
 * The daemon's Telegram bot: built from `[telegram]` over the same session store, memory and
 * server tool set as the HTTP backend (gated tools asked through inline buttons), started after
 * getMe, stopped before the sessions close.
 */
import type { HostEnv, LoadedConfig } from "../../config/mod.ts";
import type { SessionStore } from "../../agent/mod.ts";
import type { Memory } from "../../memory/mod.ts";
import type { TelegramBot } from "../../channels/telegram/mod.ts";
import { createAgentDeps } from "../agent_deps.ts";
import { chooseModel } from "../model.ts";
import { skillsText } from "../commands/chat.ts";
import type { DaemonLog } from "./log_file.ts";

/** What `startDaemonTelegram()` needs besides the config. */
export interface DaemonTelegramOptions {
  store: SessionStore;
  memory: Memory;
  log: DaemonLog;
  /** The daemon's default model ("none" when there is none yet). */
  defaultModel: string;
  models(): Promise<string[]>;
  /** Bot API fetch (tests). */
  fetch?: typeof fetch;
  /** Counts a chat's turn as a user turn (the heartbeat skips while one runs). */
  onTurn?: () => () => void;
}

/** The bot (undefined when disabled) and the startup line for the terminal. */
export interface DaemonTelegram {
  bot?: TelegramBot;
  /** `Telegram: enabled (@name)`, or a one-line reason. */
  line: string;
}

/** Starts the bot when `telegram.enabled`; a Bot API failure is a line, never a failed daemon. */
export async function startDaemonTelegram(
  loaded: LoadedConfig,
  host: HostEnv,
  options: DaemonTelegramOptions,
): Promise<DaemonTelegram> {
  const { config, paths, vars } = loaded;
  const tg = config.telegram;
  if (!tg.enabled) return { line: "Telegram: disabled (telegram.enabled = false)" };
  const agent = await import("../../agent/mod.ts");
  const { COMMANDS, createTelegramBot } = await import("../../channels/telegram/mod.ts");
  const { parseModelId } = await import("../../llm/mod.ts");
  const { deps, skills } = await createAgentDeps(loaded, host, {
    choice: () => chooseModel(config, vars),
    memory: options.memory,
    store: options.store,
    tools: { only: config.server.tools, confineWrites: true },
    // The HTTP backend's wiring already logged the policy and skill warnings.
    warn: () => {},
  });
  const eligible = agent.eligibleSkills(skills);
  const bot = createTelegramBot({
    token: tg.api_token!,
    apiRoot: tg.api_root,
    allowedUpdates: tg.allowed_updates,
    stateDir: paths.stateDir,
    heartbeatTopicId: tg.heartbeat_topic_id,
    approvalTimeoutMs: tg.approval_timeout,
    maxAttachmentBytes: tg.max_attachment_bytes,
    deps,
    defaultModel: options.defaultModel,
    models: options.models,
    checkModel: (model) => void parseModelId(model, config.providers),
    searchMemory: async (query, limit) =>
      (await options.memory.search(query, { limit })).results.map((r) => ({
        citation: r.citation,
        score: r.score,
        snippet: r.snippet,
      })),
    skillCommands: agent.skillCommands(eligible, COMMANDS.map(([name]) => name)),
    skillsText: skillsText(skills, host.home, agent.compactHome),
    home: host.home,
    log: { info: (t) => options.log.info(t), warn: (t) => options.log.warn(t) },
    fetch: options.fetch,
    onTurn: options.onTurn,
  });
  const started = await bot.start();
  if (!started.ok) {
    options.log.warn(`telegram: not started: ${started.reason}`);
    // Kept (not polling) so that its status file shows the error and `stop()` cleans up.
    return { bot, line: `Telegram: not running (${started.reason})` };
  }
  options.log.info(`telegram: polling as @${started.username}`);
  return { bot, line: `Telegram: enabled (@${started.username})` };
}
