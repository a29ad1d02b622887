import assert from "node:assert/strict";
import type { Context } from "../../src/core/mod.ts";
import { createVertexProvider } from "../../src/llm/mod.ts";
import { createServiceAccountPem, modelRequests, serve } from "./_vendors.ts";
import { loadFixture } from "../support/mod.ts";

const ASK: Context = { messages: [{ role: "user", content: "hi" }] };
const pem = await createServiceAccountPem();

Deno.test("vertex stream() exchanges a signed JWT once and reuses the token", async () => {
  await using server = await serve([loadFixture("gemini_plain"), loadFixture("gemini_plain")]);
  const provider = createVertexProvider({
    serviceAccountKey: JSON.stringify({
      client_email: "bot@p.iam.gserviceaccount.com",
      private_key: pem,
      project_id: "p",
      token_uri: `${server.url}/token`,
    }),
    location: "europe-west4",
    baseUrl: server.url,
  });
  for (let i = 0; i < 2; i++) {
    for await (const _ of provider.stream("gemini-2.5-flash", ASK)) {
      // drain
    }
  }
  const tokens = server.requests.filter((r) => r.path === "/token");
  assert.equal(tokens.length, 1);
  const form = new URLSearchParams(tokens[0].body);
  assert.equal(form.get("grant_type"), "urn:ietf:params:oauth:grant-type:jwt-bearer");
  const claims = JSON.parse(
    atob(form.get("assertion")!.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")),
  );
  assert.equal(claims.iss, "bot@p.iam.gserviceaccount.com");
  assert.equal(claims.aud, `${server.url}/token`);
  const calls = modelRequests(server);
  assert.equal(
    calls[0].path,
    "/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
  );
  assert.equal(calls[1].headers.get("authorization"), "Bearer ya29.fake");
});

Deno.test("vertex stream() ends with an auth error naming the key when none is configured", async () => {
  const provider = createVertexProvider({ location: "us-central1" });
  const events = [];
  for await (const e of provider.stream("gemini-2.5-flash", ASK)) events.push(e);
  const end = events.at(-1);
  assert.ok(end?.type === "error");
  assert.equal(end.error.kind, "auth");
  assert.match(end.error.message, /providers\.vertex\.service_account_key/);
});
