/**
 * The provider settings llm/ reads: structurally the `[providers]` slice of config's
 * ResolvedConfig (llm/ and config/ are on the same layer, so the shape is restated here).
 */

/** A keyed HTTP provider. */
export interface ApiProviderSettings {
  api_key?: string;
  base_url: string;
}

/** A `[providers.<name>]` table with `type` (lmstudio, vllm, …) or `[providers.openai_compatible]`. */
export interface CustomProviderSettings {
  type?: string;
  base_url?: string;
  api_key?: string;
  extra_headers: Record<string, string>;
}

/** A CLI provider. */
export interface CliProviderSettings {
  command: string;
  model: string;
}

/** The embedded llama.cpp provider (`local/<name>`). */
export interface LocalProviderSettings {
  /** Folder of `<name>.gguf` files (config fills in `<cache_dir>/models/gguf`). */
  models_dir?: string;
  context_size?: number;
  threads?: number;
  gpu: string;
  /** Milliseconds; 0 = never. */
  idle_unload: number;
  remote_host: string;
}

/** Every provider setting, built-in and custom. */
export interface ProvidersConfig {
  openai: ApiProviderSettings;
  xai: ApiProviderSettings;
  anthropic: ApiProviderSettings & { native_web_search: boolean };
  glm: ApiProviderSettings;
  gemini: ApiProviderSettings;
  openrouter: ApiProviderSettings;
  openai_compatible: Omit<CustomProviderSettings, "type">;
  ollama: { endpoint: string; model: string };
  vertex: { service_account_key?: string; project_id?: string; location: string };
  claude_cli: CliProviderSettings & { effort: string };
  gemini_cli: CliProviderSettings;
  codex_cli: CliProviderSettings;
  local: LocalProviderSettings;
  [name: string]: unknown;
}

/** A custom provider's settings, if `name` is one (it has a `type`). */
export function customProvider(
  providers: ProvidersConfig,
  name: string,
): CustomProviderSettings | undefined {
  const p = providers[name] as CustomProviderSettings | undefined;
  return p && typeof p === "object" && typeof p.type === "string" ? p : undefined;
}
