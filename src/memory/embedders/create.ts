/** Picks the embedder for `memory.embedding.provider`. */
import type { Embedder } from "../embedder.ts";
import { createOllamaEmbedder, createOpenAiEmbedder } from "./http.ts";
import { createLocalEmbedder, type LocalEmbedderOptions } from "./local.ts";

/** The default model id of the local provider. */
export const DEFAULT_LOCAL_MODEL = "Xenova/all-MiniLM-L6-v2";

/** Default models of the HTTP providers (used when `model` is left at the local default). */
export const DEFAULT_REMOTE_MODELS: Record<string, string> = {
  openai: "text-embedding-3-small",
  ollama: "nomic-embed-text",
};

/** Everything any embedder may need; each provider takes its part. */
export interface EmbedderOptions extends Omit<LocalEmbedderOptions, "model"> {
  provider: "local" | "openai" | "ollama" | "none";
  model: string;
  openai?: { apiKey?: string; baseUrl?: string };
  ollama?: { endpoint?: string };
  fetch?: typeof fetch;
}

/** Creates the configured embedder; undefined for provider `none` (keyword search only). */
export function createEmbedder(options: EmbedderOptions): Embedder | undefined {
  const remoteModel = (provider: string) =>
    options.model === DEFAULT_LOCAL_MODEL ? DEFAULT_REMOTE_MODELS[provider] : options.model;
  switch (options.provider) {
    case "none":
      return undefined;
    case "openai":
      return createOpenAiEmbedder({
        model: remoteModel("openai"),
        ...options.openai,
        fetch: options.fetch,
      });
    case "ollama":
      return createOllamaEmbedder({
        model: remoteModel("ollama"),
        ...options.ollama,
        fetch: options.fetch,
      });
    case "local":
      return createLocalEmbedder(options);
    default:
      throw new TypeError(`Unknown embedding provider "${options.provider}"`);
  }
}
