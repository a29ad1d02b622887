import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { parseConfig } from "../../src/config/mod.ts";

function problems(text: string, vars: Record<string, string> = {}) {
  try {
    parseConfig(text, { vars, file: "config.toml" });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

Deno.test("parseConfig() fills the [telegram] defaults", () => {
  const { config } = parseConfig("", { vars: {} });
  assert.deepEqual(config.telegram, {
    enabled: false,
    api_token: undefined,
    heartbeat_topic_id: undefined,
    api_root: "https://api.telegram.org",
    allowed_updates: ["message", "callback_query"],
    approval_timeout: 300_000,
    max_attachment_bytes: 10_485_760,
  });
});

Deno.test("parseConfig() requires telegram.api_token when telegram.enabled = true", () => {
  const p = problems(`[agent]\nmax_tokens = 100\n\n[telegram]\nenabled = true\n`);
  assert.deepEqual(p.map((x) => [x.key, x.line]), [["telegram.api_token", 4]]);
  assert.match(p[0].message, /is required when telegram\.enabled = true/);
});

Deno.test("parseConfig() takes the token from ${TELEGRAM_BOT_TOKEN}", () => {
  const { config } = parseConfig(
    `[telegram]\nenabled = true\napi_token = "\${TELEGRAM_BOT_TOKEN}"\n`,
    { vars: { TELEGRAM_BOT_TOKEN: "1:abc" } },
  );
  assert.equal(config.telegram.api_token, "1:abc");
});

Deno.test("parseConfig() rejects unknown update types and oversized attachment limits", () => {
  const p = problems(
    `[telegram]\nallowed_updates = ["message", "inline_query"]\nmax_attachment_bytes = 99999999\n`,
  );
  assert.deepEqual(p.map((x) => x.key), [
    "telegram.allowed_updates",
    "telegram.max_attachment_bytes",
  ]);
  assert.match(p[0].message, /"inline_query" is not one of/);
  assert.match(p[1].message, /at most 20971520/);
});
