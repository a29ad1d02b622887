/** Which model the app talks to: the configured one or a detected one, and the stream for it. */
import { ConfigError } from "../core/mod.ts";
import type { ResolvedConfig } from "../config/mod.ts";
import type { Detected, Fetch, StreamFn } from "../llm/mod.ts";

/** The model chosen for a session and why. */
export interface ModelChoice {
  /** Model id as written by the user or detection (`anthropic/claude-sonnet-4-6`). */
  model: string;
  source: "config" | "detected";
  /** For the user: "agent.default_model" or what was detected ("Ollama at http://…"). */
  detail: string;
  /** Base URLs of detected local servers, for the registry. */
  baseUrls: Record<string, string>;
}

/** Probes and clients, injectable for tests. */
export interface ModelDeps {
  fetch?: Fetch;
  ports?: { ollama?: number; lmstudio?: number; llamacpp?: number };
  /**
   * Called when nothing is found (chat/ask on a terminal offer to download the default local
   * model); true means it was downloaded and detection runs again.
   */
  offerDownload?: () => Promise<boolean>;
}

/**
 * The configured `agent.default_model`, else the first detected provider (API key, local server,
 * CLI). Throws ConfigError (exit 2) with a short guide when there is none.
 */
export async function chooseModel(
  config: ResolvedConfig,
  vars: Record<string, string | undefined>,
  deps: ModelDeps = {},
): Promise<ModelChoice> {
  if (config.agent.default_model) {
    return {
      model: config.agent.default_model,
      source: "config",
      detail: "agent.default_model",
      baseUrls: {},
    };
  }
  const { detectDefaultModel, NO_MODEL_GUIDE } = await import("../llm/mod.ts");
  const detect = () =>
    detectDefaultModel({
      providers: config.providers,
      vars,
      fetch: deps.fetch,
      ports: deps.ports,
    });
  let found = await detect();
  if (!found?.model && await deps.offerDownload?.()) found = await detect();
  if (!found?.model) {
    throw new ConfigError([{ key: "agent.default_model", message: `not set\n${NO_MODEL_GUIDE}` }], {
      action: "Cannot choose a model",
    });
  }
  return {
    model: found.model,
    source: "detected",
    detail: found.detail,
    baseUrls: baseUrls([found]),
  };
}

/** Base URLs of the detected local servers, by provider name. */
export function baseUrls(detected: Detected[]): Record<string, string> {
  return Object.fromEntries(
    detected.flatMap((d) => (d.baseUrl && d.source === "local" ? [[d.provider, d.baseUrl]] : [])),
  );
}

/** The agent's stream: the chosen model, then `agent.fallback_models`, each retried. */
export async function createAppStream(
  config: ResolvedConfig,
  choice: ModelChoice,
  vars: Record<string, string | undefined>,
  deps: ModelDeps = {},
): Promise<StreamFn> {
  const { createModelStream, createRegistry } = await import("../llm/mod.ts");
  const { nativeSearchMode } = await import("./web_search.ts");
  const registry = createRegistry(config.providers, {
    fetch: deps.fetch,
    vars,
    baseUrls: choice.baseUrls,
    nativeWebSearch: nativeSearchMode(config),
  });
  return createModelStream(registry, {
    model: choice.model,
    fallbacks: config.agent.fallback_models,
  });
}
