/** The Session's dependencies from the config: tools, sandbox, skills, system prompt, streams. */
import type { HostEnv, LoadedConfig } from "../config/mod.ts";
import type { ApprovalRequest, SessionDeps, SessionStore, SkillCatalog } from "../agent/mod.ts";
import type { Memory } from "../memory/mod.ts";
import type { Sandbox } from "../sandbox/mod.ts";
import type { Tool } from "../tools/mod.ts";
import { createAppStream, type ModelChoice, type ModelDeps } from "./model.ts";
import { protectedContext, sandboxFromConfig } from "./security_wiring.ts";
import { unreportedSkillProblems } from "./skill_warnings.ts";
import { clientSearchConfigured, createWebSearchRouter } from "./web_search.ts";

/** Which tools a channel offers. */
export interface ToolSelection {
  /** Only these tools (config `server.tools` for the daemon); default: every built-in tool. */
  only?: readonly string[];
  /** write_file and edit_file stay inside the workspace. */
  confineWrites?: boolean;
  /**
   * No one can approve here (a background run): tools in `tools.require_approval` fail with an
   * error the model sees instead of asking. The daemon asks per turn instead (its ApprovalBroker).
   */
  noApproval?: boolean;
}

/** Options of `createAgentDeps()`. */
export interface AgentDepsOptions {
  /** The model whose provider settings (detected base URLs) the streams use. */
  choice(): Promise<ModelChoice>;
  memory: Memory;
  /** Default: a new store over `paths.sessionsDir`. */
  store?: SessionStore;
  approve?: (request: ApprovalRequest) => Promise<boolean>;
  modelDeps?: ModelDeps;
  tools?: ToolSelection;
  /** Warnings for the user (policy, skills, workspace files); one line each. */
  warn(text: string): void;
}

/** The Session's dependencies and the skills they were built with. */
export interface AgentDeps {
  deps: SessionDeps;
  skills: SkillCatalog;
  /** The system prompt without tools, for answers that offer none (the `/v1` endpoints). */
  toolFreePrompt: SessionDeps["systemPrompt"];
}

/** Builds what every Session of a channel shares; throws ConfigError for a tampered policy in strict mode. */
export async function createAgentDeps(
  loaded: LoadedConfig,
  host: HostEnv,
  options: AgentDepsOptions,
): Promise<AgentDeps> {
  const { config, paths, vars } = loaded;
  const agent = await import("../agent/mod.ts");
  const { builtinTools } = await import("../tools/mod.ts");
  const { ensureWorkspace } = await import("../memory/mod.ts");
  const { loadSessionPolicy, sanitizeContent } = await import("../security/mod.ts");
  await ensureWorkspace(paths.workspace);
  const policy = await loadSessionPolicy({
    workspace: paths.workspace,
    deviceKey: paths.deviceKey,
    auditLog: paths.auditLog,
    settings: config.security,
    source: "session_start",
  });
  for (const w of policy.warnings) options.warn(`warning: ${w}\n`);
  const skills = await agent.loadSkills({
    workspace: paths.workspace,
    home: host.home,
    skillsDir: paths.skillsDir,
    os: host.os,
    vars,
    settings: config.skills,
    configValue: (p) => agent.valueAtPath(config, p),
  });
  for (const p of await unreportedSkillProblems(skills.problems, paths.stateDir)) {
    options.warn(
      `warning: skill ${p.path}: ${p.message} (shown once; see "localgpt skills list")\n`,
    );
  }
  const skillsSection = agent.formatSkillsSection(agent.eligibleSkills(skills), {
    home: host.home,
    maxSkills: config.skills.max_in_prompt,
    maxChars: config.skills.max_prompt_chars,
  });
  let sandbox: Promise<Sandbox> | undefined;
  const selection = options.tools ?? {};
  const built = builtinTools({
    workspace: paths.workspace,
    allowedDirectories: config.security.allowed_directories,
    protect: protectedContext(loaded, host.home),
    memory: options.memory,
    sandbox: () => sandbox ??= sandboxFromConfig(loaded, host.home),
    bashTimeoutMs: config.tools.bash_timeout_ms,
    bashFilter: config.tools.filters.bash,
    strictPolicy: config.security.strict_policy,
    webFetchMaxBytes: config.tools.web_fetch_max_bytes,
    only: selection.only,
    confineWrites: selection.confineWrites,
    webSearch: clientSearchConfigured(config)
      ? {
        router: await createWebSearchRouter(loaded, { fetch: options.modelDeps?.fetch }),
        maxResults: config.tools.web_search.max_results,
      }
      : undefined,
  });
  const gated = config.tools.require_approval;
  const tools = selection.noApproval ? refuseGated(built, gated) : built;
  const streams = new Map<string, Promise<import("../llm/mod.ts").StreamFn>>();
  const warned = new Set<string>();
  const prompt = async (model: string, offered: readonly Tool[]) => {
    const ws = await agent.loadWorkspaceContext(paths.workspace);
    const files = ws.files.map((f) => {
      const clean = sanitizeContent(f.content, f.name);
      for (const w of clean.warnings) {
        if (!warned.has(w)) options.warn(`warning: ${w}\n`);
        warned.add(w);
      }
      return { ...f, content: clean.text };
    });
    const out = agent.buildSystemPrompt({
      workspace: paths.workspace,
      tools: offered,
      skillsSection,
      files,
      runtime: { agent: loaded.agent, model, os: Deno.build.os, arch: Deno.build.arch },
      securitySuffix: policy.securityBlock,
    });
    return { system: out.cacheable, dynamic: out.dynamic };
  };
  const deps: SessionDeps = {
    store: options.store ?? agent.createSessionStore({ dir: paths.sessionsDir }),
    cwd: paths.workspace,
    tools,
    approve: options.approve,
    streamFor: (model) => {
      let s = streams.get(model);
      if (!s) {
        s = options.choice().then((choice) =>
          createAppStream(config, { ...choice, model }, vars, options.modelDeps)
        );
        // A failure (no model yet) is tried again on the next turn.
        s.catch(() => streams.delete(model));
        streams.set(model, s);
      }
      return s;
    },
    systemPrompt: (model) => prompt(model, tools),
    agentsMd: () => Deno.readTextFile(`${paths.workspace}/AGENTS.md`),
    settings: {
      contextWindow: config.agent.context_window,
      reserveTokens: config.agent.reserve_tokens,
      maxTokens: config.agent.max_tokens,
      maxIterations: config.agent.max_iterations,
      maxToolRepeats: config.agent.max_tool_repeats,
      maxToolErrors: config.agent.max_tool_errors,
      // Without anyone to ask, the gated tools refuse by themselves (refuseGated).
      requireApproval: selection.noApproval ? [] : gated,
      toolOutputMaxChars: config.tools.tool_output_max_chars,
      delimiters: config.tools.use_content_delimiters,
      checkpoints: config.agent.checkpoints_enabled ? config.agent.max_checkpoints : 0,
      postCompactionSections: config.agent.post_compaction_sections,
    },
  };
  return { deps, skills, toolFreePrompt: (model) => prompt(model, []) };
}

/** `tools` with every tool named in `gated` replaced by one that refuses to run. */
export function refuseGated(tools: readonly Tool[], gated: readonly string[]): Tool[] {
  return tools.map((tool) =>
    gated.includes(tool.name)
      ? {
        ...tool,
        execute: () =>
          Promise.reject(
            new Error(
              `Cannot run "${tool.name}" here: it needs the user's approval ` +
                `(tools.require_approval) and nobody can be asked in this run; ` +
                "the user can run it in `localgpt chat`",
            ),
          ),
      }
      : tool
  );
}
