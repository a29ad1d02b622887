/**
 * @module llm
 * Owns talking to language models: the Provider port, one adapter per API family
 * (providers/<vendor>.ts; the vendor SDKs live only there and are imported lazily), model-id
 * parsing and routing, the provider registry, SSE/NDJSON parsing, retry with backoff, the fallback
 * chain, default-model detection, the price catalog (plain data) and token estimates; and the
 * embedded `local` provider: llama.cpp in-process (node-llama-cpp, imported on first use; one
 * model per process, held by providers/_llama_runtime.ts), GGUF headers, and `models pull`.
 * Must not: read the environment (settings and env vars are passed in), start timers other than
 * retry waits and probe/listing timeouts, or know about sessions, tools' execution or channels.
 * Contract: `Provider.stream(model, context, options)` never throws; it yields `start`, then deltas,
 * `tool_call`s (complete, arguments as a JSON string), `web_search` (a search the vendor ran
 * server-side; nothing to execute), `usage` (with cost when known), and ends with
 * exactly one `done` (carrying the assembled assistant message) or `error` (a ProviderError with
 * kind auth, rate_limit, context_overflow, network, server, invalid_request or aborted).
 */
export type { ApiFamily, Fetch, Provider, StreamFn, StreamOptions } from "./types.ts";
export type {
  ApiProviderSettings,
  CliProviderSettings,
  CustomProviderSettings,
  LocalProviderSettings,
  ProvidersConfig,
} from "./settings.ts";
export {
  displayPrefix,
  knownNames,
  LOCAL_SERVERS,
  MODEL_ALIASES,
  type ModelRef,
  parseModelId,
  type ParseOptions,
} from "./model_id.ts";
export { createRegistry, type Registry, type RegistryOptions } from "./registry.ts";
export { createModelStream, type ModelStreamOptions } from "./chain.ts";
export { abortableSleep, type RetryOptions, retryStream } from "./retry.ts";
export { type Cooldowns, createFallbackStream, type FallbackOptions } from "./fallback.ts";
export {
  DEFAULT_LOCAL_PORTS,
  detectDefaultModel,
  type Detected,
  type DetectOptions,
  detectProviders,
  NO_MODEL_GUIDE,
} from "./detect.ts";
export {
  ANTHROPIC_DATED,
  DEFAULT_MODELS,
  findPrice,
  FREE_APIS,
  KNOWN_MODELS,
  type Price,
  PRICES,
  priceUsage,
} from "./catalog.ts";
export { addUsage, emptyTotals, formatCost, type UsageTotals } from "./usage.ts";
export {
  CHARS_PER_TOKEN,
  estimateContextTokens,
  estimateMessageTokens,
  estimateTokens,
  IMAGE_TOKENS,
} from "./tokens.ts";
export { parseNdjson, parseSse, type SseEvent } from "./sse.ts";
export { httpError, parseRetryAfter, toProviderError } from "./errors.ts";
export { findOnPath } from "./which.ts";
export { MISSING_RESULT, normalizeTranscript } from "./_transcript.ts";
export { createAnthropicProvider, type NativeSearchMode } from "./providers/anthropic.ts";
export { createOpenAiProvider } from "./providers/openai.ts";
export { createOllamaProvider } from "./providers/ollama.ts";
export { createGeminiProvider } from "./providers/gemini.ts";
export { createVertexProvider, signJwt } from "./providers/vertex.ts";
export { claudeArgs, createClaudeCliProvider } from "./providers/claude_cli.ts";
export { createGeminiCliProvider, geminiCliArgs } from "./providers/gemini_cli.ts";
export { codexArgs, createCodexCliProvider } from "./providers/codex_cli.ts";
export {
  createLocalProvider,
  localModelPath,
  type LocalOptions,
  plainPrompt,
  toChatHistory,
  toGbnfSchema,
} from "./providers/local.ts";
export {
  loadedLocalModel,
  loadLocalModel,
  type LoadSettings as LocalLoadSettings,
  unloadIdleLocalModel,
  unloadLocalModel,
} from "./providers/_llama_runtime.ts";
export { GgufError, type GgufInfo, readGgufInfo } from "./gguf.ts";
export { listLocalModels, type LocalModel } from "./local_models.ts";
export {
  DEFAULT_LOCAL_MODEL,
  LLAMA_3_2_1B_INSTRUCT_Q4_K_M_SHA256,
  PULLABLE_MODELS,
  type PullableModel,
  pullModel,
  type PullOptions,
  type PullResult,
  resolvePullSpec,
  sha256File,
} from "./pull.ts";
