/**
 * @module channels/http
 * Owns the HTTP API and the web UI's server side: `createHttpApp(deps)` → a Hono app with every
 * route of the reference's §6.2 (`/api/*`, `/v1/*` OpenAI-compatible, SSE, WebSocket), the API's
 * guard (Host allowlist, Origin check, bearer token or login cookie, rate limit, body limit) and
 * workspace-confined file endpoints. The conversation machinery is the `ChatBackend` port.
 * Must not start servers, timers or signal handlers (app/ serves the app), read the environment,
 * or know other channels.
 * Contract: every request gets a JSON (or SSE/WS) answer; errors map to 4xx with a message, or
 * 500 "Internal error" without details; SSE ends with `data: [DONE]`; a client disconnect aborts
 * the turn through the backend's signal.
 */
export { createHttpApp } from "./app.ts";
export {
  APPROVAL_DECISIONS,
  type ApprovalDecision,
  type ApprovalOutcome,
  type ChatBackend,
  type ChatEvent,
  type ChatMessage,
  type ChatResult,
  type ChatSessionInfo,
  type SendOptions,
  UnknownSessionError,
} from "./backend.ts";
export type {
  BackgroundEvent,
  CronJobJson,
  HeartbeatEventJson,
  HeartbeatStatus,
  HttpDeps,
  HttpSecurity,
  WebAssets,
  WebSearchStatus,
} from "./deps.ts";
export {
  AUTH_COOKIE,
  constantTimeEqual,
  hostName,
  isLoopbackHost,
  originAllowed,
} from "./guard.ts";
export { createRateLimiter, type RateDecision, type RateLimiter } from "./rate_limit.ts";
export { createWsProtocol, MAX_WS_MESSAGE, type WsProtocol } from "./ws.ts";
export { SSE_HEADERS, sseResponse, type SseWriter } from "./sse.ts";
export { TOOL_OUTPUT_CHARS, wireEvent } from "./routes_chat.ts";
export { fromOpenAi } from "./routes_openai.ts";
export { MAX_QUERY_CHARS } from "./routes_memory.ts";
export { MAX_LOG_LINES } from "./routes_info.ts";
export { MAX_FILE_BYTES } from "./files.ts";
