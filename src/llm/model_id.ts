/** Model ids: `provider/model`, aliases, prefix spellings and bare-name routing. */
import { ConfigError } from "../core/mod.ts";
import { DEFAULT_MODELS } from "./catalog.ts";
import { customProvider, type ProvidersConfig } from "./settings.ts";

/** A resolved model id: which provider instance, which model name. */
export interface ModelRef {
  /** Canonical `provider/model`, e.g. `anthropic/claude-sonnet-4-6`. */
  id: string;
  /** Provider instance name: a key of `[providers]` or a built-in local server name. */
  provider: string;
  model: string;
}

/** Short names users may type instead of a full id. */
export const MODEL_ALIASES: Record<string, string> = {
  opus: "anthropic/claude-opus-4-6",
  sonnet: "anthropic/claude-sonnet-4-6",
  haiku: "anthropic/claude-haiku-4-5",
  gpt: "openai/gpt-4o",
  "gpt-mini": "openai/gpt-4o-mini",
  glm: "glm/glm-4.7",
  grok: "xai/grok-3-mini",
  codex: "codex-cli/o4-mini",
};

/** Prefix spellings → built-in provider names. */
const PREFIXES: Record<string, string> = {
  "anthropic": "anthropic",
  "openai": "openai",
  "xai": "xai",
  "glm": "glm",
  "gemini": "gemini",
  "vertex": "vertex",
  "openrouter": "openrouter",
  "ollama": "ollama",
  "claude-cli": "claude_cli",
  "claude_cli": "claude_cli",
  "gemini-cli": "gemini_cli",
  "gemini_cli": "gemini_cli",
  "codex-cli": "codex_cli",
  "codex_cli": "codex_cli",
  "openai-compatible": "openai_compatible",
  "openai_compatible": "openai_compatible",
  "openai-compat": "openai_compatible",
  "openai_compat": "openai_compatible",
  "local": "local",
};

/** OpenAI-compatible local servers known without config, by name → default base URL. */
export const LOCAL_SERVERS: Record<string, string> = {
  lmstudio: "http://127.0.0.1:1234/v1",
  llamacpp: "http://127.0.0.1:8080/v1",
  llamafile: "http://127.0.0.1:8080/v1",
};

const BARE_ROUTES: [RegExp, string][] = [
  [/^(gpt-|o1|o3|o4)/, "openai"],
  [/^claude-/, "anthropic"],
  [/^glm-/, "glm"],
  [/^grok-/, "xai"],
  [/^gemini-/, "gemini"],
];

/** How to route a bare name nobody claims; `onPath` tells whether a CLI is installed. */
export interface ParseOptions {
  onPath?: (command: string) => boolean;
}

/** Resolves `input` to a provider and model; throws ConfigError naming the fix when it cannot. */
export function parseModelId(
  input: string,
  providers: ProvidersConfig,
  options: ParseOptions = {},
): ModelRef {
  const raw = input.trim();
  const fail = (message: string): never => {
    throw new ConfigError([{ key: "", message }], { action: `Cannot resolve model "${raw}"` });
  };
  if (!raw) fail("the model id is empty");
  const aliased = MODEL_ALIASES[raw.toLowerCase()] ?? raw;
  const slash = aliased.indexOf("/");
  if (slash < 0) return bareName(aliased, providers, options) ?? fail(bareHelp());
  const prefix = aliased.slice(0, slash);
  let model = aliased.slice(slash + 1);
  const provider = providerName(prefix, providers) ??
    fail(
      `unknown provider "${prefix}" (known: ${knownNames(providers).join(", ")}; ` +
        `or define [providers.${prefix}] with type = "openai_compatible" and base_url)`,
    );
  if (!model) {
    if (provider === "ollama") model = providers.ollama.model;
    else if (provider === "claude_cli") model = providers.claude_cli.model;
    else if (provider === "gemini_cli") model = providers.gemini_cli.model;
    else if (provider === "codex_cli") model = providers.codex_cli.model;
    else model = DEFAULT_MODELS[provider] ?? fail(`no model after "${prefix}/"`);
  }
  return {
    id: `${displayPrefix(provider)}/${model}`,
    provider,
    model,
  };
}

function providerName(prefix: string, providers: ProvidersConfig): string | undefined {
  if (!(prefix in PREFIXES) && customProvider(providers, prefix)) return prefix;
  const builtin = PREFIXES[prefix.toLowerCase()];
  if (builtin) return builtin;
  if (prefix in LOCAL_SERVERS) return prefix;
  return undefined;
}

const DISPLAY: Record<string, string> = {
  openai_compatible: "openai-compatible",
  claude_cli: "claude-cli",
  gemini_cli: "gemini-cli",
  codex_cli: "codex-cli",
};

/** The prefix users write for a provider instance: `claude_cli` → `claude-cli`. */
export function displayPrefix(provider: string): string {
  return DISPLAY[provider] ?? provider;
}

function bareName(
  model: string,
  providers: ProvidersConfig,
  options: ParseOptions,
): ModelRef | undefined {
  for (const [pattern, provider] of BARE_ROUTES) {
    if (pattern.test(model)) return { id: `${provider}/${model}`, provider, model };
  }
  const ollama = providers.ollama;
  if (ollama.endpoint !== "http://localhost:11434" || ollama.model !== "llama3") {
    return { id: `ollama/${model}`, provider: "ollama", model };
  }
  if (providers.anthropic.api_key) {
    return { id: `anthropic/${model}`, provider: "anthropic", model };
  }
  if (options.onPath?.(providers.claude_cli.command)) {
    return { id: `claude-cli/${model}`, provider: "claude_cli", model };
  }
  return undefined;
}

function bareHelp(): string {
  return "a bare name must start with gpt-, o1, o3, o4, claude-, glm-, grok- or gemini-; " +
    'otherwise write "provider/model" (e.g. "ollama/llama3")';
}

/** Every provider name a model id may start with, custom ones included. */
export function knownNames(providers: ProvidersConfig): string[] {
  const custom = Object.keys(providers)
    .filter((name) => !(name in PREFIXES) && customProvider(providers, name));
  const builtin = [...new Set(Object.values(PREFIXES).map(displayPrefix))];
  return [...builtin, ...Object.keys(LOCAL_SERVERS), ...custom];
}
