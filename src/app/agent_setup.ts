/** Wiring of a chat/ask session from the config: model, tools, sandbox, memory, skills, prompt. */
import type { HostEnv, LoadedConfig } from "../config/mod.ts";
import type {
  ApprovalRequest,
  Session,
  SessionDeps,
  SessionStore,
  SkillCatalog,
} from "../agent/mod.ts";
import type { Memory } from "../memory/mod.ts";
import type { Sandbox } from "../sandbox/mod.ts";
import { chooseModel, createAppStream, type ModelChoice, type ModelDeps } from "./model.ts";
import { openMemory } from "./memory.ts";
import { protectedContext, sandboxFromConfig } from "./security_wiring.ts";

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
  /** Only the safe tools (memory_*, web_fetch): no shell, no file tools (the HTTP agent). */
  safeOnly?: boolean;
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
  const { config, paths, vars } = loaded;
  const agent = await import("../agent/mod.ts");
  const { builtinTools } = await import("../tools/mod.ts");
  const { ensureWorkspace } = await import("../memory/mod.ts");
  const { loadSessionPolicy, sanitizeContent } = await import("../security/mod.ts");
  const choice: ModelChoice = options.model
    ? { model: options.model, source: "config", detail: "-m", baseUrls: {} }
    : await chooseModel(config, vars, options.modelDeps);
  const { parseModelId } = await import("../llm/mod.ts");
  parseModelId(choice.model, config.providers);
  await ensureWorkspace(paths.workspace);
  const policy = await loadSessionPolicy({
    workspace: paths.workspace,
    deviceKey: paths.deviceKey,
    auditLog: paths.auditLog,
    settings: config.security,
    source: "session_start",
  });
  for (const w of policy.warnings) options.warn(`warning: ${w}\n`);
  const memory = openMemory(loaded, { home: host.home, fetch: options.modelDeps?.fetch });
  const skills = await agent.loadSkills({
    workspace: paths.workspace,
    home: host.home,
    skillsDir: paths.skillsDir,
    os: host.os,
    vars,
    settings: config.skills,
    configValue: (p) => agent.valueAtPath(config, p),
  });
  for (const p of skills.problems) options.warn(`warning: skill ${p.path}: ${p.message}\n`);
  const skillsSection = agent.formatSkillsSection(agent.eligibleSkills(skills), {
    home: host.home,
    maxSkills: config.skills.max_in_prompt,
    maxChars: config.skills.max_prompt_chars,
  });
  let sandbox: Promise<Sandbox> | undefined;
  const tools = builtinTools({
    workspace: paths.workspace,
    allowedDirectories: config.security.allowed_directories,
    protect: protectedContext(loaded, host.home),
    memory,
    sandbox: () => sandbox ??= sandboxFromConfig(loaded, host.home),
    bashTimeoutMs: config.tools.bash_timeout_ms,
    bashFilter: config.tools.filters.bash,
    strictPolicy: config.security.strict_policy,
    webFetchMaxBytes: config.tools.web_fetch_max_bytes,
    safeOnly: options.safeOnly,
  });
  const streams = new Map<string, ReturnType<typeof createAppStream>>();
  const warned = new Set<string>();
  const deps: SessionDeps = {
    store: agent.createSessionStore({ dir: paths.sessionsDir }),
    cwd: paths.workspace,
    tools,
    approve: options.approve,
    streamFor: (model) => {
      let s = streams.get(model);
      if (!s) {
        s = createAppStream(config, { ...choice, model }, vars, options.modelDeps);
        streams.set(model, s);
      }
      return s;
    },
    async systemPrompt(model) {
      const ws = await agent.loadWorkspaceContext(paths.workspace);
      const files = ws.files.map((f) => {
        const clean = sanitizeContent(f.content, f.name);
        for (const w of clean.warnings) {
          if (!warned.has(w)) options.warn(`warning: ${w}\n`);
          warned.add(w);
        }
        return { ...f, content: clean.text };
      });
      const prompt = agent.buildSystemPrompt({
        workspace: paths.workspace,
        tools,
        skillsSection,
        files,
        runtime: { agent: loaded.agent, model, os: Deno.build.os, arch: Deno.build.arch },
        securitySuffix: policy.securityBlock,
      });
      return { system: prompt.cacheable, dynamic: prompt.dynamic };
    },
    agentsMd: () => Deno.readTextFile(`${paths.workspace}/AGENTS.md`),
    settings: {
      contextWindow: config.agent.context_window,
      reserveTokens: config.agent.reserve_tokens,
      maxTokens: config.agent.max_tokens,
      maxIterations: config.agent.max_iterations,
      maxToolRepeats: config.agent.max_tool_repeats,
      maxToolErrors: config.agent.max_tool_errors,
      requireApproval: config.tools.require_approval,
      toolOutputMaxChars: config.tools.tool_output_max_chars,
      delimiters: config.tools.use_content_delimiters,
      checkpoints: config.agent.checkpoints_enabled ? config.agent.max_checkpoints : 0,
      postCompactionSections: config.agent.post_compaction_sections,
    },
  };
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
