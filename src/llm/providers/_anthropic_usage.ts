/** Anthropic's usage object (also printed by the Claude CLI) mapped to ours. */
import type { Usage } from "../../core/mod.ts";

/** The usage fields Anthropic reports; any may be missing in a partial event. */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** Maps Anthropic usage to ours, missing counts as 0. */
export function fromAnthropicUsage(u: AnthropicUsage): Omit<Usage, "total" | "cost"> {
  return {
    input: u.input_tokens ?? 0,
    output: u.output_tokens ?? 0,
    cacheRead: u.cache_read_input_tokens ?? 0,
    cacheWrite: u.cache_creation_input_tokens ?? 0,
  };
}
