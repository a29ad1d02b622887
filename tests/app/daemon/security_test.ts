import assert from "node:assert/strict";
import { httpSecurity, serverUrl } from "../../../src/app/daemon/security.ts";
import { parseConfig } from "../../../src/config/mod.ts";

const server = (toml: string) => parseConfig(`[server]\n${toml}`, { vars: {} }).config.server;

Deno.test("httpSecurity() makes the token optional on loopback and limits Host names", () => {
  const s = httpSecurity(server(""), "tok");
  assert.equal(s.authRequired, false);
  assert.deepEqual(s.allowedHosts, ["localhost", "127.0.0.1", "::1"]);
  assert.equal(s.maxBody, 10 * 1024 * 1024);
});

Deno.test("httpSecurity() requires the token on a non-loopback bind", () => {
  assert.equal(httpSecurity(server('bind = "0.0.0.0"'), "tok").authRequired, true);
});

Deno.test("httpSecurity() requires the token on loopback when server.auth = token", () => {
  const s = httpSecurity(server('auth = "token"\nallowed_hosts = ["box.lan"]'), "tok");
  assert.equal(s.authRequired, true);
  assert.ok(s.allowedHosts.includes("box.lan"));
});

Deno.test("serverUrl() shows 127.0.0.1 for a wildcard bind and brackets IPv6", () => {
  assert.equal(serverUrl("0.0.0.0", 31327), "http://127.0.0.1:31327");
  assert.equal(serverUrl("::1", 8), "http://[::1]:8");
});
