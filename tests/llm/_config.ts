/** Provider settings for tests: the config defaults, with overrides. */
import { parseConfig } from "../../src/config/mod.ts";
import type { ProvidersConfig } from "../../src/llm/mod.ts";

/** The resolved `[providers]` of a config.toml text (defaults when empty), with no env vars. */
export function providersFrom(toml = "", vars: Record<string, string> = {}): ProvidersConfig {
  return parseConfig(toml, { vars }).config.providers;
}
