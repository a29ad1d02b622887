/** Wiring of a chat/ask session from the config: model, tools, sandbox, memory, skills, prompt. */
import type { LoadedConfig } from "../config/mod.ts";
import type {
  ApprovalRequest,
  Session,
  SessionDeps,
  SessionStore,
  SkillCatalog,
} from "../agent/mod.ts";
import type { Memory } from "../memory/mod.ts";
import type { Sandbox } from "../sandbox/mod.ts";
import type { CliContext } from "./context.ts";
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

/** Builds everything a turn needs; throws ConfigError when no model is available. */
export async function setupAgent(ctx: CliContext, options: AgentSetupOptions): Promise<AgentSetup> {
  const loaded = await ctx.load();
  const { config, paths, vars } = loaded;
  const agent = await import("../agent/mod.ts");
  const { builtinTools } = await import("../tools/mod.ts");
  const { ensureWorkspace } = await import("../memory/mod.ts");
  const { loadSessionPolicy, sanitizeContent } = await import("../security/mod.ts");
  const choice: ModelChoice = options.model
    ? { model: options.model, source: "config", detail: "-m", baseUrls: {} }
    : await chooseModel(config, vars, options.modelDeps);
  await ensureWorkspace(paths.workspace);
  const policy = await loadSessionPolicy({
    workspace: paths.workspace,
    deviceKey: paths.deviceKey,
    auditLog: paths.auditLog,
    settings: config.security,
    source: "session_start",
  });
  for (const w of policy.warnings) options.warn(`warning: ${w}\n`);
  const memory = openMemory(loaded, { home: ctx.host.home, fetch: options.modelDeps?.fetch });
  const skills = await agent.loadSkills({
    workspace: paths.workspace,
    home: ctx.host.home,
    skillsDir: paths.skillsDir,
    os: ctx.host.os,
    vars,
    settings: config.skills,
    configValue: (p) => agent.valueAtPath(config, p),
  });
  for (const p of skills.problems) options.warn(`warning: skill ${p.path}: ${p.message}\n`);
  const skillsSection = agent.formatSkillsSection(agent.eligibleSkills(skills), {
    home: ctx.host.home,
    maxSkills: config.skills.max_in_prompt,
    maxChars: config.skills.max_prompt_chars,
  });
  let sandbox: Promise<Sandbox> | undefined;
  const tools = builtinTools({
    workspace: paths.workspace,
    allowedDirectories: config.security.allowed_directories,
    protect: protectedContext(loaded, ctx.host.home),
    memory,
    sandbox: () => sandbox ??= sandboxFromConfig(loaded, ctx.host.home),
    bashTimeoutMs: config.tools.bash_timeout_ms,
    bashFilter: config.tools.filters.bash,
    strictPolicy: config.security.strict_policy,
    webFetchMaxBytes: config.tools.web_fetch_max_bytes,
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
