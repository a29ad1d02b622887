/** Builds the daemon's HttpDeps from the loaded config: memory, chat backend, token, logs, UI. */
import { join } from "node:path";
import { VERSION } from "../../core/mod.ts";
import {
  displayConfig,
  findSchemaNode,
  formatDuration,
  type HostEnv,
  type LoadedConfig,
  setKeyInText,
  tomlLiteral,
} from "../../config/mod.ts";
import type { Memory } from "../../memory/mod.ts";
import type { SessionStore } from "../../agent/mod.ts";
import type { ChatBackend, HttpDeps } from "../../channels/http/mod.ts";
import type { TelegramStatus } from "../../channels/telegram/mod.ts";
import { chooseModel } from "../model.ts";
import { createAgentDeps } from "../agent_deps.ts";
import { writeFileAtomic } from "../commands/config.ts";
import { createAgentChatBackend } from "./agent_backend.ts";
import { approvalAuditDetail, type ApprovalBroker, createApprovalBroker } from "./approvals.ts";
import { type DaemonLog, tailLogs } from "./log_file.ts";
import { httpSecurity } from "./security.ts";
import { redeemLoginCode } from "./token.ts";
import { webAssets } from "./web_assets.ts";
import { searchStatusLine } from "../web_search.ts";
import type { Background } from "./background.ts";
import type { EventBus } from "./event_bus.ts";

/** Keys the API may not edit: the API's own security and secrets. */
const LOCKED_PREFIXES = ["server.", "sandbox.", "security."];

/**
 * The daemon's chat backend: the agent's Session with the `server.tools` set (writes confined to
 * the workspace; approval-gated tools ask the turn's client). Without a model the daemon still
 * serves the UI and each turn tries detection again (its failure is the turn's error event).
 */
export async function createDaemonBackend(
  loaded: LoadedConfig,
  host: HostEnv,
  log: DaemonLog,
  options: { store: SessionStore; memory: Memory; onTurn?: () => () => void },
): Promise<ChatBackend> {
  const { config, vars } = loaded;
  const choice = await chooseModel(config, vars).catch((error) => {
    log.warn(`no model: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  });
  const { parseModelId } = await import("../../llm/mod.ts");
  const { deps, toolFreePrompt } = await createAgentDeps(loaded, host, {
    choice: async () => choice ?? await chooseModel(config, vars),
    memory: options.memory,
    store: options.store,
    tools: { only: config.server.tools, confineWrites: true },
    warn: (text) => log.warn(text.trim().replace(/^warning: /, "")),
  });
  return createAgentChatBackend({
    deps,
    approvals: daemonApprovals(loaded, log),
    defaultModel: choice?.model ?? "none",
    statelessPrompt: toolFreePrompt,
    onTurn: options.onTurn,
    checkModel: (model) => void parseModelId(model, config.providers),
  });
}

/** The approval broker of the daemon: `tools.approval_timeout`, outcomes in the audit log. */
function daemonApprovals(loaded: LoadedConfig, log: DaemonLog): ApprovalBroker {
  return createApprovalBroker({
    timeoutMs: loaded.config.tools.approval_timeout,
    audit: async (record) => {
      const { appendAudit, sha256Hex } = await import("../../security/mod.ts");
      const detail = approvalAuditDetail(record);
      log.info(`approval: ${detail} in session ${record.sessionId}`);
      await appendAudit(loaded.paths.auditLog, {
        action: "tool_approval",
        source: `session:${record.sessionId}`,
        contentSha256: await sha256Hex(JSON.stringify(record.args)),
        detail,
      }).catch((e) => log.warn(`Cannot write the audit log: ${(e as Error).message}`));
    },
  });
}

/** Everything the HTTP app needs, for the daemon. */
export function createDaemonDeps(options: {
  loaded: LoadedConfig;
  host: HostEnv;
  backend: ChatBackend;
  memory: Memory;
  token: string;
  startedAt: number;
  log: DaemonLog;
  /** The Telegram bot's state; undefined when the bot is off. */
  telegram?: () => TelegramStatus | undefined;
  background?: Background;
  bus?: EventBus;
}): HttpDeps {
  const { loaded, host, backend, memory, log } = options;
  const { config, paths } = loaded;
  return {
    backend,
    memory,
    files: {
      workspace: paths.workspace,
      deviceKey: paths.deviceKey,
      auditLog: paths.auditLog,
      home: host.home,
    },
    security: httpSecurity(config.server, config.server.auth_token ?? options.token),
    version: VERSION,
    startedAt: options.startedAt,
    config: () => displayConfig(config),
    async setConfig(key, value) {
      const node = findSchemaNode(key);
      if (
        LOCKED_PREFIXES.some((p) => key.startsWith(p)) || (node?.kind === "field" && node.secret)
      ) {
        throw new RangeError(
          `Cannot set "${key}" from the web: edit config.toml or use "localgpt config set"`,
        );
      }
      const file = paths.configFile;
      const text = await Deno.readTextFile(file).catch(() => "");
      const updated = setKeyInText(text, key, tomlLiteral(key, value), { file, vars: host.vars });
      await writeFileAtomic(file, updated);
      log.info(`config: set ${key}`);
    },
    logs: (n) => tailLogs(paths.logsDir, n),
    heartbeat: () =>
      options.background?.heartbeatStatus() ??
        Promise.resolve({
          enabled: config.heartbeat.enabled,
          running: false,
          interval: formatDuration(config.heartbeat.interval),
          last_event: null,
        }),
    cron: options.background ? () => options.background!.cronStatus() : undefined,
    subscribeBackground: options.bus
      ? (listener, signal) => options.bus!.subscribe(listener, signal)
      : undefined,
    async webSearch() {
      const { readSearchStats } = await import("../../tools/mod.ts");
      const stats = await readSearchStats(paths.searchStats).catch(() => undefined);
      return { summary: await searchStatusLine(loaded), stats: { ...stats } };
    },
    channels: () =>
      Promise.resolve({
        http: { enabled: true, bind: config.server.bind, port: config.server.port },
        telegram: telegramChannel(options.telegram?.(), config.telegram.enabled),
      }),
    bridges: () => {
      const t = options.telegram?.();
      return Promise.resolve(t ? [{ name: "telegram", ...telegramChannel(t, true) }] : []);
    },
    async isBrandNew() {
      const sessions = await backend.listSessions();
      if (sessions.length > 0) return false;
      // No daily note yet: nothing was ever written down.
      try {
        for await (const _ of Deno.readDir(join(paths.workspace, "memory"))) return false;
      } catch {
        // No memory folder: brand new.
      }
      return true;
    },
    redeemLogin: (code) =>
      redeemLoginCode(paths.stateDir, code) ? config.server.auth_token ?? options.token : undefined,
    web: webAssets(),
    onError: (error) => log.error(`request failed: ${(error as Error)?.stack ?? String(error)}`),
  };
}

/** The Telegram part of `/api/channels/status` and `/api/bridges` (the pairing code stays local). */
export function telegramChannel(
  status: TelegramStatus | undefined,
  enabled: boolean,
): Record<string, unknown> {
  if (!status) return { enabled, running: false };
  return {
    enabled,
    running: status.connected,
    connected: status.connected,
    bot: status.bot_username ? `@${status.bot_username}` : null,
    paired_user: status.paired_user
      ? {
        user_id: status.paired_user.user_id,
        username: status.paired_user.username ?? null,
        paired_at: status.paired_user.paired_at,
      }
      : null,
    pairing_pending: !!status.pending_code,
    last_error: status.last_error ?? null,
  };
}
