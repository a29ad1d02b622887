/** Wiring of a chat/ask session from the config: model, memory and a Session over createAgentDeps. */
import type { HostEnv, LoadedConfig } from "../config/mod.ts";
import type {
  ApprovalRequest,
  Session,
  SessionDeps,
  SessionStore,
  SkillCatalog,
} from "../agent/mod.ts";
import type { Memory } from "../memory/mod.ts";
import { chooseModel, type ModelChoice, type ModelDeps } from "./model.ts";
import { openMemory } from "./memory.ts";
import { createAgentDeps, type ToolSelection } from "./agent_deps.ts";

/** Options of `setupAgent()`. */
export interface AgentSetupOptions {
  /** `-m`: the model for this run. */
  model?: string;
  /** `--session <id>`. */
  sessionId?: string;
  /** `--resume`: the latest session. */
  resume?: boolean;
  approve?: (request: ApprovalRequest) => Promise<boolean>;
  modelDeps?: ModelDeps;
  /** Which tools to offer (default: every built-in tool). */
  tools?: ToolSelection;
  /** Warnings for the user (policy, workspace files). */
  warn(text: string): void;
}

/** A ready session and what the channels need besides it. */
export interface AgentSetup {
  loaded: LoadedConfig;
  session: Session;
  deps: SessionDeps;
  store: SessionStore;
  memory: Memory;
  skills: SkillCatalog;
  choice: ModelChoice;
  /** Opens a session by id or prefix (or a new one) with the same wiring. */
  openSession(id?: string): Promise<Session>;
  close(): void;
}

/**
 * Builds everything a turn needs from the loaded config (every channel uses this); throws
 * ConfigError when no model is available or the model id cannot be resolved.
 */
export async function setupAgent(
  loaded: LoadedConfig,
  host: HostEnv,
  options: AgentSetupOptions,
): Promise<AgentSetup> {
  const { config, vars } = loaded;
  const agent = await import("../agent/mod.ts");
  const choice: ModelChoice = options.model
    ? { model: options.model, source: "config", detail: "-m", baseUrls: {} }
    : await chooseModel(config, vars, options.modelDeps);
  const { parseModelId } = await import("../llm/mod.ts");
  parseModelId(choice.model, config.providers);
  const memory = openMemory(loaded, { home: host.home, fetch: options.modelDeps?.fetch });
  const { deps, skills } = await createAgentDeps(loaded, host, {
    choice: () => Promise.resolve(choice),
    memory,
    approve: options.approve,
    modelDeps: options.modelDeps,
    tools: options.tools,
    warn: options.warn,
  }).catch((error) => {
    memory.close();
    throw error;
  });
  const openSession = (id?: string) => agent.openSession(deps, { model: choice.model, id });
  const session = await agent.openSession(deps, {
    model: choice.model,
    id: options.sessionId,
    resume: options.resume,
    preferRecordedModel: !options.model,
  });
  return {
    loaded,
    session,
    deps,
    store: deps.store,
    memory,
    skills,
    choice,
    openSession,
    close: () => memory.close(),
  };
}
