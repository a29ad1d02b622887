import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { parseConfig } from "../../src/config/mod.ts";

Deno.test("parseConfig() names every bad [tools.web_search] key with its line", () => {
  const toml = '[tools.web_search]\nprovider = "google"\nfallback = ["brave", "bing"]\n' +
    'max_results = 20\n[tools.web_search.searxng]\ntime_range = "decade"\n';
  assert.throws(() => parseConfig(toml, { vars: {} }), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /line 2: "tools\.web_search\.provider"/);
    assert.match(e.message, /line 3: "tools\.web_search\.fallback".*"bing"/);
    assert.match(e.message, /line 4: "tools\.web_search\.max_results"/);
    assert.match(e.message, /line 6: "tools\.web_search\.searxng\.time_range".*"decade"/);
    return true;
  });
});

Deno.test("parseConfig() expands ${VAR} in a web search key and names a missing variable", () => {
  const toml = '[tools.web_search.brave]\napi_key = "${BRAVE_API_KEY}"\n';
  const { config } = parseConfig(toml, { vars: { BRAVE_API_KEY: "bk-1" } });
  assert.equal(config.tools.web_search.brave.api_key, "bk-1");
  assert.throws(
    () => parseConfig(toml, { vars: {} }),
    /tools\.web_search\.brave\.api_key.*BRAVE_API_KEY/,
  );
});
