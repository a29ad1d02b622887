/**
 * The model catalog: plain data (prices, dated ids, default models per provider), easy to update.
 * Prices are USD per million tokens; a model matches the entry with the longest prefix of its id.
 */
import type { Usage } from "../core/mod.ts";
import type { ApiFamily } from "./types.ts";

/** The price of a model family in USD per million tokens. */
export interface Price {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Model id prefix → price. Update here when vendors change prices. */
export const PRICES: Record<string, Price> = {
  "claude-opus-4-6": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-opus-4-5": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-opus-4": { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  "claude-sonnet-4": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-3-7-sonnet": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  "claude-3-5-haiku": { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  "claude-3-haiku": { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  "gpt-4o": { input: 2.5, output: 10, cacheRead: 1.25 },
  "gpt-4o-mini": { input: 0.15, output: 0.6, cacheRead: 0.075 },
  "gpt-4.1": { input: 2, output: 8, cacheRead: 0.5 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, cacheRead: 0.1 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4, cacheRead: 0.025 },
  "gpt-5": { input: 1.25, output: 10, cacheRead: 0.125 },
  "gpt-5-mini": { input: 0.25, output: 2, cacheRead: 0.025 },
  "o3": { input: 2, output: 8, cacheRead: 0.5 },
  "o4-mini": { input: 1.1, output: 4.4, cacheRead: 0.275 },
  "grok-3": { input: 3, output: 15 },
  "grok-3-mini": { input: 0.3, output: 0.5 },
  "grok-4": { input: 3, output: 15 },
  "gemini-2.5-pro": { input: 1.25, output: 10, cacheRead: 0.31 },
  "gemini-2.5-flash": { input: 0.3, output: 2.5, cacheRead: 0.075 },
  "gemini-2.0-flash": { input: 0.1, output: 0.4, cacheRead: 0.025 },
};

/** API families whose calls cost nothing per token (local servers, subscription CLIs). */
export const FREE_APIS: ApiFamily[] = ["ollama", "claude_cli", "gemini_cli", "codex_cli", "local"];

/** Short Anthropic names normalised to dated ids before the call. */
export const ANTHROPIC_DATED: Record<string, string> = {
  "claude-opus-4-5": "claude-opus-4-5-20251101",
  "claude-opus-4-1": "claude-opus-4-1-20250805",
  "claude-opus-4": "claude-opus-4-20250514",
  "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
  "claude-sonnet-4": "claude-sonnet-4-20250514",
  "claude-haiku-4-5": "claude-haiku-4-5-20251001",
};

/** The model picked for a provider when only its key (or binary) is known. */
export const DEFAULT_MODELS: Record<string, string> = {
  anthropic: "claude-sonnet-4-6",
  openai: "gpt-4o",
  gemini: "gemini-2.5-flash",
  vertex: "gemini-2.5-flash",
  xai: "grok-3-mini",
  glm: "glm-4.7",
  openrouter: "anthropic/claude-sonnet-4.5",
  claude_cli: "opus",
  gemini_cli: "gemini-3.1-pro-preview",
  codex_cli: "o4-mini",
};

/** Models a key-only provider is known to offer, for `localgpt models` when it cannot list. */
export const KNOWN_MODELS: Record<string, string[]> = {
  claude_cli: ["opus", "sonnet", "haiku"],
  gemini_cli: ["gemini-3.1-pro-preview", "gemini-2.5-pro", "gemini-2.5-flash"],
  codex_cli: ["o4-mini", "gpt-5", "gpt-5-codex"],
};

/** The price entry for `model` (longest matching prefix, vendor path stripped); undefined if unknown. */
export function findPrice(model: string): Price | undefined {
  const bare = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  let best: string | undefined;
  for (const prefix of Object.keys(PRICES)) {
    if (bare.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? PRICES[best] : undefined;
}

/** The USD cost of `usage` on `model`: 0 for free APIs, undefined when the price is unknown. */
export function priceUsage(api: ApiFamily, model: string, usage: Usage): number | undefined {
  if (FREE_APIS.includes(api)) return 0;
  if (api === "openai" && model.startsWith("glm-")) return 0;
  const price = findPrice(model);
  if (!price) return undefined;
  const cost = usage.input * price.input + usage.output * price.output +
    usage.cacheRead * (price.cacheRead ?? price.input) +
    usage.cacheWrite * (price.cacheWrite ?? price.input);
  return cost / 1e6;
}
