/** The API's security settings from `[server]`: who must authenticate, which hosts are accepted. */
import type { ResolvedConfig } from "../../config/mod.ts";
import { type HttpSecurity, isLoopbackHost } from "../../channels/http/mod.ts";

/** Host names always accepted on a loopback bind. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"] as const;

/**
 * The HttpSecurity of a `[server]` section: the token is required on a non-loopback bind and
 * when `server.auth = "token"`; a loopback bind accepts only loopback Host names (plus
 * `allowed_hosts`), which defeats DNS rebinding.
 */
export function httpSecurity(server: ResolvedConfig["server"], token: string): HttpSecurity {
  const loopback = isLoopbackHost(server.bind);
  return {
    token,
    authRequired: !loopback || server.auth === "token",
    allowedHosts: loopback ? [...LOOPBACK_HOSTS, ...server.allowed_hosts] : server.allowed_hosts,
    corsOrigins: server.cors_origins,
    maxBody: server.max_request_body,
    rateLimit: {
      enabled: server.rate_limit.enabled,
      perMinute: server.rate_limit.requests_per_minute,
      burst: server.rate_limit.burst,
    },
  };
}

/** The address users open: `http://127.0.0.1:31327` (a wildcard bind shows 127.0.0.1). */
export function serverUrl(bind: string, port: number): string {
  const host = bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
