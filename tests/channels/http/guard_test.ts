import assert from "node:assert/strict";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import { createTestHttpDeps } from "../../support/mod.ts";

Deno.test("createHttpApp() refuses a request whose Host is not allowed (DNS rebinding)", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://evil.example:31327/api/status");
  assert.equal(res.status, 403);
  assert.match((await res.json()).error, /not an allowed host/);
});

Deno.test("createHttpApp() accepts 127.0.0.1 with a port as Host", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://127.0.0.1:31327/api/status");
  assert.equal(res.status, 200);
});

Deno.test("createHttpApp() refuses a state-changing request from a foreign Origin (CSRF)", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://localhost/api/sessions", {
    method: "POST",
    headers: { origin: "https://evil.example" },
  });
  assert.equal(res.status, 403);
  assert.equal(t.backend.sends.length, 0);
  assert.equal((await t.backend.listSessions()).length, 0);
});

Deno.test("createHttpApp() accepts a POST from a localhost Origin and echoes CORS headers", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://localhost/api/sessions", {
    method: "POST",
    headers: { origin: "http://localhost:5173" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
});

Deno.test("createHttpApp() refuses a foreign origin not listed in cors_origins", async () => {
  await using t = await createTestHttpDeps({ security: { corsOrigins: ["https://ok.example"] } });
  const app = createHttpApp(t.deps);
  const bad = await app.request("http://localhost/api/sessions", {
    method: "POST",
    headers: { origin: "http://localhost:1" },
  });
  const ok = await app.request("http://localhost/api/sessions", {
    method: "POST",
    headers: { origin: "https://ok.example" },
  });
  assert.deepEqual([bad.status, ok.status], [403, 200]);
});

Deno.test("createHttpApp() refuses a WebSocket upgrade from a foreign Origin", async () => {
  await using t = await createTestHttpDeps();
  const res = await createHttpApp(t.deps).request("http://localhost/api/ws", {
    headers: { origin: "https://evil.example", upgrade: "websocket" },
  });
  assert.equal(res.status, 403);
});

Deno.test("createHttpApp() requires the bearer token when auth is on", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: true } });
  const app = createHttpApp(t.deps);
  const none = await app.request("http://localhost/api/status");
  const wrong = await app.request("http://localhost/api/status", {
    headers: { authorization: "Bearer nope" },
  });
  const right = await app.request("http://localhost/api/status", {
    headers: { authorization: "Bearer test-token-0123456789" },
  });
  assert.deepEqual([none.status, wrong.status, right.status], [401, 401, 200]);
  assert.equal(none.headers.get("www-authenticate"), "Bearer");
});

Deno.test("createHttpApp() guards /v1 with the token too when auth is on", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: true } });
  const res = await createHttpApp(t.deps).request("http://localhost/v1/models");
  assert.equal(res.status, 401);
});

Deno.test("createHttpApp() serves /health and /api/auth/status without the token", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: true } });
  const app = createHttpApp(t.deps);
  const health = await app.request("http://localhost/health");
  assert.equal(await health.text(), "OK");
  const status = await app.request("http://localhost/api/auth/status");
  assert.deepEqual(await status.json(), { auth_required: true, authenticated: false });
});

Deno.test("createHttpApp() needs no token when auth is off", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: false } });
  const res = await createHttpApp(t.deps).request("http://localhost/api/sessions");
  assert.equal(res.status, 200);
});

Deno.test("createHttpApp() login link sets the cookie once, and the cookie authorizes", async () => {
  await using t = await createTestHttpDeps({ security: { authRequired: true } });
  t.loginCodes.add("code-1");
  const app = createHttpApp(t.deps);
  const login = await app.request("http://localhost/login?code=code-1");
  assert.equal(login.status, 302);
  const cookie = login.headers.get("set-cookie")!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const again = await app.request("http://localhost/login?code=code-1");
  assert.equal(again.status, 403);
  const status = await app.request("http://localhost/api/status", {
    headers: { cookie: cookie.split(";")[0] },
  });
  assert.equal(status.status, 200);
});

Deno.test("createHttpApp() answers 413 for a body over max_request_body", async () => {
  await using t = await createTestHttpDeps({ security: { maxBody: 100 } });
  const res = await createHttpApp(t.deps).request("http://localhost/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "x".repeat(500) }),
  });
  assert.equal(res.status, 413);
  assert.equal(t.backend.sends.length, 0);
});

Deno.test("createHttpApp() answers 413 for a chunked body over the limit", async () => {
  await using t = await createTestHttpDeps({ security: { maxBody: 100 } });
  const body = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode(JSON.stringify({ message: "y".repeat(500) })));
      c.close();
    },
  });
  const res = await createHttpApp(t.deps).request("http://localhost/api/chat", {
    method: "POST",
    body,
  });
  assert.equal(res.status, 413);
});

Deno.test("createHttpApp() rate-limits a client with 429 and Retry-After", async () => {
  await using t = await createTestHttpDeps({
    security: { rateLimit: { enabled: true, perMinute: 60, burst: 3 } },
    now: () => 1_000_000,
  });
  const app = createHttpApp(t.deps);
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 4; i++) {
    last = await app.request("http://localhost/api/sessions");
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  assert.equal(last!.headers.get("retry-after"), "1");
});

Deno.test("createHttpApp() never rate-limits /health", async () => {
  await using t = await createTestHttpDeps({
    security: { rateLimit: { enabled: true, perMinute: 60, burst: 1 } },
    now: () => 0,
  });
  const app = createHttpApp(t.deps);
  for (let i = 0; i < 3; i++) await app.request("http://localhost/health");
  assert.equal((await app.request("http://localhost/health")).status, 200);
});

Deno.test("createHttpApp() rate-limits by client address on a real server", async () => {
  await using t = await createTestHttpDeps({
    security: { rateLimit: { enabled: true, perMinute: 1, burst: 2 } },
  });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/sessions`);
    await res.body?.cancel();
    statuses.push(res.status);
  }
  assert.deepEqual(statuses, [200, 200, 429]);
});
