/** Default-model detection: API keys, then local servers on their ports, then CLIs on PATH. */
import { DEFAULT_MODELS } from "./catalog.ts";
import { customProvider, type ProvidersConfig } from "./settings.ts";
import type { Fetch } from "./types.ts";
import { findOnPath } from "./which.ts";
import { createRegistry } from "./registry.ts";
import { listLocalModels } from "./local_models.ts";
import { DEFAULT_LOCAL_MODEL } from "./pull.ts";

/** A provider found by detection. `model` is unset when it offers none (e.g. Ollama, no models). */
export interface Detected {
  provider: string;
  source: "key" | "config" | "local" | "cli" | "embedded";
  /** Why it was picked, for the user: "ANTHROPIC_API_KEY set", "Ollama on port 11434". */
  detail: string;
  model?: string;
  /** Models it reports (local servers) or is known to offer. */
  models: string[];
  /** Base URL of a detected local server, for `RegistryOptions.baseUrls`. */
  baseUrl?: string;
}

/** Local server ports probed: name → port (Ollama: its configured endpoint unless injected). */
export const DEFAULT_LOCAL_PORTS: Record<"ollama" | "lmstudio" | "llamacpp", number> = {
  ollama: 11434,
  lmstudio: 1234,
  llamacpp: 8080,
};

/** What detection looks at; everything is injectable. */
export interface DetectOptions {
  providers: ProvidersConfig;
  vars: Record<string, string | undefined>;
  fetch?: Fetch;
  ports?: Partial<typeof DEFAULT_LOCAL_PORTS>;
  /** Host of local servers; default 127.0.0.1. */
  host?: string;
  /** Per-probe timeout of the well-known local ports; default 400 ms (nothing there answers at once). */
  timeoutMs?: number;
  /** Timeout of a server the user configured (it may be remote or busy); default 3 s. */
  configuredTimeoutMs?: number;
}

const KEYED: [string, string][] = [
  ["anthropic", "ANTHROPIC_API_KEY"],
  ["openai", "OPENAI_API_KEY"],
  ["gemini", "GEMINI_API_KEY"],
  ["xai", "XAI_API_KEY"],
  ["glm", "GLM_API_KEY"],
  ["openrouter", "OPENROUTER_API_KEY"],
];

const CLIS: [string, string][] = [
  ["claude_cli", "claude-cli"],
  ["gemini_cli", "gemini-cli"],
  ["codex_cli", "codex-cli"],
];

/** Shown when nothing was found: how to give LocalGPT a model. */
export const NO_MODEL_GUIDE = `No model provider found. Do one of:
  export ANTHROPIC_API_KEY=…   (or OPENAI_API_KEY, GEMINI_API_KEY, XAI_API_KEY)
  start a local server: Ollama (ollama serve; ollama pull llama3), LM Studio (port 1234)
    or llama.cpp's llama-server (port 8080)
  install a CLI: claude, gemini or codex
  run a model in-process, fully offline: localgpt models pull   (about 0.8 GB, once)
  or set one explicitly: localgpt config set agent.default_model ollama/llama3`;

/** Every provider found, best first (keys, configured servers, local servers, CLIs, GGUF files). */
export async function detectProviders(options: DetectOptions): Promise<Detected[]> {
  const p = options.providers;
  const found: Detected[] = [];
  for (const [name, env] of KEYED) {
    const settings = p[name] as { api_key?: string } | undefined;
    if (!settings?.api_key) continue;
    const model = `${name}/${DEFAULT_MODELS[name]}`;
    found.push({
      provider: name,
      source: "key",
      detail: `API key (${env} or providers.${name}.api_key)`,
      model,
      models: [],
    });
  }
  const [configured, local] = await Promise.all([
    detectConfigured(options),
    detectLocalServers(options),
  ]);
  found.push(...configured, ...local);
  for (const [name, prefix] of CLIS) {
    const command = (p[name] as { command: string }).command;
    const path = findOnPath(command, options.vars);
    if (!path) continue;
    const model = (p[name] as { model: string }).model;
    found.push({
      provider: name,
      source: "cli",
      detail: `${command} on PATH (${path})`,
      model: `${prefix}/${model}`,
      models: [],
    });
  }
  const embedded = await detectEmbedded(p.local.models_dir);
  if (embedded) found.push(embedded);
  return found;
}

/** The GGUF models of `providers.local.models_dir`: the default one, else a chat model, else any. */
async function detectEmbedded(dir: string | undefined): Promise<Detected | undefined> {
  if (!dir) return undefined;
  const models = (await listLocalModels(dir).catch(() => [])).filter((m) => !m.error);
  if (!models.length) return undefined;
  const pick = models.find((m) => m.name === DEFAULT_LOCAL_MODEL) ??
    models.find((m) => m.hasChatTemplate) ?? models[0];
  return {
    provider: "local",
    source: "embedded",
    detail: `${pick.name}.gguf in ${dir} (runs in-process)`,
    model: `local/${pick.name}`,
    models: models.map((m) => m.name),
  };
}

/** The model to use when `agent.default_model` is unset; undefined when nothing was found. */
export async function detectDefaultModel(options: DetectOptions): Promise<Detected | undefined> {
  return (await detectProviders(options)).find((d) => d.model);
}

async function detectLocalServers(options: DetectOptions): Promise<Detected[]> {
  const ports = { ...DEFAULT_LOCAL_PORTS, ...options.ports };
  const host = options.host ?? "127.0.0.1";
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeout = options.timeoutMs ?? 400;
  const probe = async (url: string, pick: (json: unknown) => string[], ms = timeout) => {
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(ms) });
      if (!response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      return pick(await response.json());
    } catch {
      return undefined;
    }
  };
  // The configured Ollama endpoint is probed unless a port is injected.
  const ollamaConfigured = !options.ports?.ollama;
  const ollamaBase = options.ports?.ollama
    ? `http://${host}:${ports.ollama}`
    : options.providers.ollama.endpoint.replace(/\/+$/, "");
  const [ollama, lmstudio, llamacpp] = await Promise.all([
    probe(
      `${ollamaBase}/api/tags`,
      (j) => ((j as { models?: { name: string }[] }).models ?? []).map((m) => m.name),
      ollamaConfigured ? configuredTimeout(options) : timeout,
    ),
    probe(`http://${host}:${ports.lmstudio}/v1/models`, openAiIds),
    probe(`http://${host}:${ports.llamacpp}/v1/models`, openAiIds),
  ]);
  const out: Detected[] = [];
  if (ollama) {
    const preferred = ollama.find((m) => m.split(":")[0] === options.providers.ollama.model);
    const model = preferred ?? ollama[0];
    out.push({
      provider: "ollama",
      source: "local",
      detail: ollama.length
        ? `Ollama at ${ollamaBase}`
        : `Ollama at ${ollamaBase} has no models (ollama pull llama3)`,
      model: model ? `ollama/${model}` : undefined,
      models: ollama,
      baseUrl: ollamaBase,
    });
  }
  for (
    const [name, label, models, port] of [
      ["lmstudio", "LM Studio", lmstudio, ports.lmstudio],
      ["llamacpp", "llama.cpp / llamafile", llamacpp, ports.llamacpp],
    ] as const
  ) {
    if (!models || customProvider(options.providers, name)) continue;
    out.push({
      provider: name,
      source: "local",
      detail: `${label} on port ${port}`,
      model: models[0] ? `${name}/${models[0]}` : undefined,
      models,
      baseUrl: `http://${host}:${port}/v1`,
    });
  }
  return out;
}

function configuredTimeout(options: DetectOptions): number {
  return options.configuredTimeoutMs ?? 3000;
}

function openAiIds(json: unknown): string[] {
  return ((json as { data?: { id: string }[] }).data ?? []).map((m) => m.id);
}

/** Custom `[providers.<name>]` servers and `openai_compatible` with a base_url, with their models. */
async function detectConfigured(options: DetectOptions): Promise<Detected[]> {
  const p = options.providers;
  const names = Object.keys(p).filter((n) => customProvider(p, n));
  if (p.openai_compatible.base_url) names.unshift("openai_compatible");
  const registry = createRegistry(p, { fetch: options.fetch, vars: options.vars });
  return await Promise.all(names.map(async (name): Promise<Detected> => {
    const prefix = name === "openai_compatible" ? "openai-compatible" : name;
    try {
      const models = await registry.provider(name).listModels(
        AbortSignal.timeout(configuredTimeout(options)),
      );
      const model = models[0] ? `${prefix}/${models[0]}` : undefined;
      return { provider: name, source: "config", detail: `[providers.${name}]`, model, models };
    } catch (error) {
      const why = (error as Error).message ?? String(error);
      return {
        provider: name,
        source: "config",
        detail: `[providers.${name}] (${why})`,
        models: [],
      };
    }
  }));
}
