/**
 * The API's front door: Host allowlist (DNS rebinding), foreign-Origin refusal on state-changing
 * requests and WebSocket upgrades (CSRF), CORS for allowed origins, bearer-token or login-cookie
 * auth, per-client rate limit and the body size limit.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { HttpSecurity } from "./deps.ts";
import { createRateLimiter } from "./rate_limit.ts";

/** Name of the cookie the one-time login link sets. */
export const AUTH_COOKIE = "localgpt_token";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
const PUBLIC_PATHS = new Set(["/health", "/api/auth/status", "/login"]);
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `Host` or `Origin` host name without port or brackets, lower case. */
export function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.startsWith("[")) return v.slice(1, v.indexOf("]"));
  const colon = v.lastIndexOf(":");
  return colon > 0 && v.indexOf(":") === colon ? v.slice(0, colon) : v;
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = hostName(host);
  return LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Whether an Origin header value may talk to this server. */
export function originAllowed(origin: string, host: string, security: HttpSecurity): boolean {
  if (security.corsOrigins.length > 0) return security.corsOrigins.includes(origin);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return isLoopbackHost(url.hostname) || url.host.toLowerCase() === host.toLowerCase();
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Reads the token a request carries: the bearer header, else the login cookie. */
export function requestToken(c: Context): string | undefined {
  const auth = c.req.header("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim();
  const cookie = c.req.header("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === AUTH_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** True when the request carries the right token (or none is required). */
export function authorized(c: Context, security: HttpSecurity): boolean {
  if (!security.authRequired) return true;
  const token = requestToken(c);
  return !!security.token && !!token && constantTimeEqual(token, security.token);
}

/** The client's address, for rate limiting. */
export function clientKey(c: Context): string {
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return env?.remoteAddr?.hostname ?? "local";
}

function refuse(c: Context, status: 400 | 401 | 403 | 413 | 429, error: string): Response {
  return c.json({ error }, status);
}

/** The middleware that applies every rule of `security` before any route runs. */
export function createGuard(security: HttpSecurity, now: () => number): MiddlewareHandler {
  const limiter = createRateLimiter(security.rateLimit.perMinute, security.rateLimit.burst);
  const hosts = new Set(security.allowedHosts.map((h) => hostName(h)));
  return async (c, next) => {
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    if (hosts.size > 0 && !hosts.has(hostName(host))) {
      return refuse(c, 403, `Cannot serve host "${hostName(host)}": not an allowed host`);
    }
    const origin = c.req.header("origin");
    const allowedOrigin = origin !== undefined && originAllowed(origin, host, security);
    const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
    if (origin !== undefined && !allowedOrigin && (STATE_CHANGING.has(c.req.method) || upgrade)) {
      return refuse(c, 403, `Cannot accept a request from origin "${origin}": foreign origin`);
    }
    if (allowedOrigin) {
      c.header("Access-Control-Allow-Origin", origin!);
      c.header("Vary", "Origin");
      c.header("Access-Control-Allow-Credentials", "true");
    }
    if (c.req.method === "OPTIONS") {
      if (!allowedOrigin) return c.body(null, 403);
      c.header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      c.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      return c.body(null, 204);
    }
    const path = c.req.path;
    const api = path.startsWith("/api/") || path.startsWith("/v1/");
    if (api && !PUBLIC_PATHS.has(path) && !authorized(c, security)) {
      c.header("WWW-Authenticate", "Bearer");
      return refuse(c, 401, "Cannot authorize the request: missing or wrong bearer token");
    }
    if (api && security.rateLimit.enabled && !PUBLIC_PATHS.has(path)) {
      const decision = limiter.take(clientKey(c), now());
      if (!decision.ok) {
        c.header("Retry-After", String(decision.retryAfter));
        return refuse(c, 429, "Cannot accept the request: rate limit exceeded");
      }
    }
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > security.maxBody) {
      return refuse(c, 413, `Cannot accept the body: larger than ${security.maxBody} bytes`);
    }
    await next();
  };
}
