/** The provider registry: builds provider instances from settings by factory, one per name. */
import { ConfigError, type Context, ProviderError, type StreamEvent } from "../core/mod.ts";
import { LOCAL_SERVERS, type ModelRef, parseModelId } from "./model_id.ts";
import { customProvider, type ProvidersConfig } from "./settings.ts";
import type { Fetch, Provider, StreamOptions } from "./types.ts";
import { findOnPath } from "./which.ts";
import { createAnthropicProvider, type NativeSearchMode } from "./providers/anthropic.ts";
import { createOpenAiProvider } from "./providers/openai.ts";
import { createOllamaProvider } from "./providers/ollama.ts";
import { createGeminiProvider } from "./providers/gemini.ts";
import { createVertexProvider } from "./providers/vertex.ts";
import { createClaudeCliProvider } from "./providers/claude_cli.ts";
import { createGeminiCliProvider } from "./providers/gemini_cli.ts";
import { createCodexCliProvider } from "./providers/codex_cli.ts";
import { createLocalProvider } from "./providers/local.ts";

/** What the registry needs besides settings. */
export interface RegistryOptions {
  /** Injected into every HTTP provider; default `globalThis.fetch`. */
  fetch?: Fetch;
  /** Environment variables, for finding CLIs on PATH. */
  vars?: Record<string, string | undefined>;
  /** Base URLs replacing defaults, by provider name (e.g. a detected LM Studio on another port). */
  baseUrls?: Record<string, string>;
  /** Ready-made providers by name, taking precedence over settings (e.g. a FakeProvider). */
  providers?: Record<string, Provider>;
  /**
   * Server-side web search of Anthropic-API providers (built-in and custom); default: `fallback`
   * when `providers.anthropic.native_web_search` is true, else off.
   */
  nativeWebSearch?: NativeSearchMode;
}

/** Resolves model ids and hands out providers. */
export interface Registry {
  /** Resolves an id or alias; throws ConfigError. */
  resolve(id: string): ModelRef;
  /** The provider instance `name`; throws ConfigError when it cannot be built. */
  provider(name: string): Provider;
  /** Streams from model `id`; never throws (a bad id becomes an `error` event). */
  stream(id: string, context: Context, options?: StreamOptions): AsyncIterable<StreamEvent>;
}

const KEY_ENV: Record<string, string> = {
  openai: "OPENAI_API_KEY",
  xai: "XAI_API_KEY",
  glm: "GLM_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
};

/** Creates a registry over the `[providers]` settings. */
export function createRegistry(
  providers: ProvidersConfig,
  options: RegistryOptions = {},
): Registry {
  const cache = new Map<string, Provider>();
  const vars = options.vars ?? {};
  const injected = options.providers ?? {};
  const registry: Registry = {
    resolve(id) {
      const slash = id.indexOf("/");
      const prefix = id.slice(0, slash);
      if (slash > 0 && prefix in injected) {
        return { id, provider: prefix, model: id.slice(slash + 1) };
      }
      return parseModelId(id, providers, { onPath: (c) => !!findOnPath(c, vars) });
    },
    provider(name) {
      if (name in injected) return injected[name];
      let p = cache.get(name);
      if (!p) cache.set(name, p = buildProvider(name, providers, options));
      return p;
    },
    stream(id, context, opts = {}) {
      let ref: ModelRef;
      let provider: Provider;
      try {
        ref = registry.resolve(id);
        provider = registry.provider(ref.provider);
      } catch (error) {
        return failed(id, error);
      }
      return provider.stream(ref.model, context, opts);
    },
  };
  return registry;
}

async function* failed(id: string, error: unknown): AsyncGenerator<StreamEvent> {
  yield {
    type: "error",
    error: new ProviderError("invalid_request", (error as Error).message ?? String(error), {
      cause: error,
      retryable: false,
    }),
  };
  await Promise.resolve(id);
}

function buildProvider(name: string, p: ProvidersConfig, o: RegistryOptions): Provider {
  const fetch = o.fetch;
  const url = (fallback: string) => o.baseUrls?.[name] ?? fallback;
  const custom = customProvider(p, name);
  if (custom && !(name in BUILTIN)) {
    const base = o.baseUrls?.[name] ?? custom.base_url;
    const headers = custom.extra_headers;
    switch (custom.type) {
      case "anthropic":
        return createAnthropicProvider({
          name,
          apiKey: custom.api_key,
          baseUrl: base,
          headers,
          fetch,
          nativeWebSearch: o.nativeWebSearch,
        });
      case "ollama":
        return createOllamaProvider({ name, endpoint: base ?? p.ollama.endpoint, headers, fetch });
      case "gemini":
        return createGeminiProvider({
          name,
          apiKey: custom.api_key,
          baseUrl: base,
          headers,
          fetch,
        });
      default:
        if (!base) throw missingBaseUrl(name);
        return createOpenAiProvider({
          name,
          baseUrl: base,
          apiKey: custom.api_key,
          keyOptional: custom.type === "openai_compatible",
          headers,
          fetch,
        });
    }
  }
  if (name in LOCAL_SERVERS && !(name in BUILTIN)) {
    return createOpenAiProvider({
      name,
      baseUrl: url(LOCAL_SERVERS[name]),
      keyOptional: true,
      fetch,
    });
  }
  const build = BUILTIN[name];
  if (!build) {
    throw new ConfigError([{ key: `providers.${name}`, message: "no such provider" }], {
      action: `Cannot create provider "${name}"`,
    });
  }
  return build(p, fetch, url, o);
}

function missingBaseUrl(name: string): ConfigError {
  return new ConfigError([{ key: `providers.${name}.base_url`, message: "is required" }], {
    action: `Cannot create provider "${name}"`,
  });
}

type Build = (
  p: ProvidersConfig,
  fetch: Fetch | undefined,
  url: (d: string) => string,
  o: RegistryOptions,
) => Provider;

/** OpenRouter's optional app attribution headers. */
const OPENROUTER_HEADERS = {
  "HTTP-Referer": "https://github.com/localgpt-app/localgpt",
  "X-Title": "LocalGPT",
};

const openAiLike = (name: "openai" | "xai" | "glm" | "openrouter"): Build => (p, fetch, url) =>
  createOpenAiProvider({
    name,
    baseUrl: url(p[name].base_url),
    apiKey: p[name].api_key,
    keyEnv: KEY_ENV[name],
    maxTokensField: name === "openai" ? "max_completion_tokens" : "max_tokens",
    headers: name === "openrouter" ? OPENROUTER_HEADERS : undefined,
    fetch,
  });

const BUILTIN: Record<string, Build> = {
  anthropic: (p, fetch, url, o) =>
    createAnthropicProvider({
      apiKey: p.anthropic.api_key,
      baseUrl: url(p.anthropic.base_url),
      nativeWebSearch: o.nativeWebSearch ?? p.anthropic.native_web_search,
      fetch,
    }),
  openai: openAiLike("openai"),
  xai: openAiLike("xai"),
  glm: openAiLike("glm"),
  openrouter: openAiLike("openrouter"),
  openai_compatible: (p, fetch, url) => {
    const c = p.openai_compatible;
    const base = url(c.base_url ?? "");
    if (!base) throw missingBaseUrl("openai_compatible");
    return createOpenAiProvider({
      name: "openai_compatible",
      baseUrl: base,
      apiKey: c.api_key,
      keyOptional: true,
      headers: c.extra_headers,
      fetch,
    });
  },
  ollama: (p, fetch, url) => createOllamaProvider({ endpoint: url(p.ollama.endpoint), fetch }),
  gemini: (p, fetch, url) =>
    createGeminiProvider({ apiKey: p.gemini.api_key, baseUrl: url(p.gemini.base_url), fetch }),
  vertex: (p, fetch, url) =>
    createVertexProvider({
      serviceAccountKey: p.vertex.service_account_key,
      projectId: p.vertex.project_id,
      location: p.vertex.location,
      baseUrl: url(`https://${p.vertex.location}-aiplatform.googleapis.com`),
      fetch,
    }),
  claude_cli: (p) =>
    createClaudeCliProvider({ command: p.claude_cli.command, effort: p.claude_cli.effort }),
  gemini_cli: (p) => createGeminiCliProvider({ command: p.gemini_cli.command }),
  codex_cli: (p) => createCodexCliProvider({ command: p.codex_cli.command }),
  local: (p) =>
    createLocalProvider({
      modelsDir: p.local.models_dir ?? "models/gguf",
      contextSize: p.local.context_size,
      threads: p.local.threads,
      gpu: p.local.gpu,
    }),
};
