import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createLoginCode,
  ensureApiToken,
  LOGIN_CODE_TTL_MS,
  redeemLoginCode,
} from "../../../src/app/daemon/token.ts";
import { createTempHome } from "../../support/mod.ts";

Deno.test("ensureApiToken() creates a 0600 token once and then reuses it", async () => {
  await using home = await createTempHome();
  const state = join(home.root, "state");
  const token = await ensureApiToken(state);
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(await ensureApiToken(state), token);
  const info = await Deno.stat(join(state, "daemon", "api_token"));
  assert.equal(info.mode! & 0o777, 0o600);
});

Deno.test("redeemLoginCode() accepts a fresh code once", async () => {
  await using home = await createTempHome();
  const state = join(home.root, "state");
  const code = await createLoginCode(state);
  assert.equal(redeemLoginCode(state, code), true);
  assert.equal(redeemLoginCode(state, code), false);
});

Deno.test("redeemLoginCode() refuses an expired code and a path-like code", async () => {
  await using home = await createTempHome();
  const state = join(home.root, "state");
  const code = await createLoginCode(state);
  assert.equal(redeemLoginCode(state, code, Date.now() + LOGIN_CODE_TTL_MS + 1000), false);
  assert.equal(redeemLoginCode(state, "../../api_token"), false);
});
