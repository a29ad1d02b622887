import assert from "node:assert/strict";
import {
  allProvidersToml,
  createTempHome,
  runLocalgpt,
  startSearchServer,
} from "../support/mod.ts";

Deno.test("localgpt search test prints results with timing and records stats", async () => {
  await using server = await startSearchServer({ searxng: { status: 502, body: "bad gateway" } });
  await using home = await createTempHome({ BRAVE_KEY: "brave-from-env" });
  await home.writeConfig(
    allProvidersToml(server, 'provider = "searxng"\nfallback = ["brave"]')
      .replace('api_key = "brave-key"', 'api_key = "${BRAVE_KEY}"'),
  );
  const run = await runLocalgpt(["search", "test", "deno runtime", "--count", "2"], {
    vars: home.vars,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^\*\*Search results for:\*\* deno runtime\n_Provider: brave \| 2 results \| \d+ ms_\n/,
  );
  assert.match(
    run.stdout,
    /_Answered by brave after: Cannot search with "searxng": HTTP 502: bad gateway_/,
  );
  assert.match(
    run.stdout,
    /1\. \*\*Deno, the next-generation JavaScript runtime\*\*\n {3}https:\/\/deno\.com\//,
  );
  assert.equal(server.requests[1].headers.get("x-subscription-token"), "brave-from-env");

  const stats = await runLocalgpt(["search", "stats", "--json"], { vars: home.vars });
  assert.equal(stats.code, 0, stats.stderr);
  const data = JSON.parse(stats.stdout);
  assert.equal(data.total_queries, 1);
  assert.equal(data.provider, "brave");
  assert.equal(data.estimated_cost_usd, 0.005);
  assert.deepEqual(data.providers.searxng, {
    queries: 0,
    cached_hits: 0,
    failures: 1,
    estimated_cost_usd: 0,
  });
  const text = await runLocalgpt(["search", "stats"], { vars: home.vars });
  assert.match(text.stdout, /configured\s+searxng → brave/);
  assert.match(text.stdout, /estimated cost\s+\$0\.0050/);
  assert.match(text.stdout, /brave\s+1 answered, 0 cached, 0 failed, \$0\.0050/);
});

Deno.test("localgpt search test --provider --json prints the provider's error and exits 1", async () => {
  await using server = await startSearchServer({
    tavily: {
      status: 401,
      body: '{"detail":{"error":"Unauthorized: missing or invalid API key."}}',
    },
  });
  await using home = await createTempHome();
  await home.writeConfig(allProvidersToml(server, 'provider = "searxng"'));
  const run = await runLocalgpt(["search", "test", "q", "--provider", "tavily", "--json"], {
    vars: home.vars,
  });
  assert.equal(run.code, 1);
  const out = JSON.parse(run.stdout);
  assert.equal(out.ok, false);
  assert.equal(out.failures.length, 1);
  assert.equal(out.failures[0].kind, "auth");
  assert.equal(out.failures[0].status, 401);
  assert.match(
    out.failures[0].message,
    /^Cannot search with "tavily": HTTP 401 \(check the API key\)/,
  );
  const plain = await runLocalgpt(["search", "test", "q", "--provider", "tavily"], {
    vars: home.vars,
  });
  assert.equal(plain.code, 1);
  assert.equal(plain.stdout, "");
  assert.equal(plain.stderr.trim().split("\n").length, 1, plain.stderr);
});

Deno.test("localgpt search test without a provider exits 2 and says what to set", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["search", "test", "q"], { vars: home.vars });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /No web search provider is set: set tools\.web_search\.provider/);
});

Deno.test("localgpt config show redacts web search keys given through ${VAR}", async () => {
  await using home = await createTempHome({ TAVILY_KEY: "tvly-secret-123" });
  await home.writeConfig(
    '[tools.web_search]\nprovider = "tavily"\n[tools.web_search.tavily]\napi_key = "${TAVILY_KEY}"\n',
  );
  const run = await runLocalgpt(["config", "show", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /tvly-secret-123/);
  assert.equal(JSON.parse(run.stdout).config.tools.web_search.tavily.api_key, "***");
});
