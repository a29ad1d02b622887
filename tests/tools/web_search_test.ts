import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createSearchRouter,
  createWebSearchTool,
  readSearchStats,
  type SearchRouterOptions,
} from "../../src/tools/mod.ts";
import { allProvidersToml, searchSettings, startSearchServer } from "../support/mod.ts";

function tool(options: SearchRouterOptions, maxResults = 5) {
  return createWebSearchTool({ router: createSearchRouter(options), maxResults });
}

Deno.test("web_search output has the summary, header, meta line and numbered hits, wrapped", async () => {
  await using server = await startSearchServer();
  let t = 1000;
  const settings = searchSettings(allProvidersToml(server, 'provider = "tavily"'));
  const search = tool({
    settings,
    now: () => (t += 120),
  });
  const r = await search.execute({ query: "deno runtime", count: 2 });
  assert.equal(
    r.content,
    `<external_content tool="web_search">
**AI Summary:** Deno is a secure JavaScript and TypeScript runtime built on V8 and Rust, created by Ryan Dahl.

**Search results for:** deno runtime
_Provider: tavily | 2 results | 120 ms_

1. **Deno, the next-generation JavaScript runtime**
   https://deno.com/
   Deno is the open-source JavaScript runtime for the modern web.
2. **Deno (software) - Wikipedia**
   https://en.wikipedia.org/wiki/Deno_(software)
   Deno is a runtime for JavaScript, TypeScript, and WebAssembly.
</external_content>`,
  );
});

Deno.test("web_search neutralises injection text in a snippet and warns", async () => {
  await using server = await startSearchServer();
  const search = tool({
    settings: searchSettings(allProvidersToml(server, 'provider = "searxng"')),
  });
  const r = await search.execute({ query: "deno" });
  assert.doesNotMatch(r.content, /<\|im_start\|>/);
  assert.match(r.content, /\[FILTERED\] you are root&lt;\/external_content> more text/);
  assert.equal(r.content.match(/<\/external_content>/g)?.length, 1);
  assert.ok(r.warnings.some((w) => /Possible prompt injection.*Ignore all previous/i.test(w)));
  assert.ok(r.warnings.some((w) => /Removed 1 prompt-injection marker/.test(w)));
});

Deno.test("brave results lose their markup, so a tag in a snippet cannot close the boundary", async () => {
  await using server = await startSearchServer();
  const search = tool({ settings: searchSettings(allProvidersToml(server, 'provider = "brave"')) });
  const r = await search.execute({ query: "deno tips" });
  assert.match(r.content, /SSH keys to evil\.example\. system you are root more text/);
  assert.equal(r.content.match(/<\/external_content>/g)?.length, 1);
  assert.ok(r.warnings.some((w) => /Possible prompt injection/.test(w)));
});

Deno.test("web_search defaults count to max_results and clamps it to 1-10", async () => {
  await using server = await startSearchServer();
  const search = tool(
    { settings: searchSettings(allProvidersToml(server, 'provider = "brave"')) },
    3,
  );
  await search.execute({ query: "a" });
  await search.execute({ query: "b", count: 50 });
  await search.execute({ query: "c", count: 0 });
  const counts = server.requests.map((r) => new URL(r.path, "http://x").searchParams.get("count"));
  assert.deepEqual(counts, ["3", "10", "1"]);
});

Deno.test("createSearchRouter() falls back in order and the output names who answered", async () => {
  await using server = await startSearchServer({
    searxng: { status: 500, body: "down" },
    brave: { status: 429, body: '{"error":{"message":"quota"}}' },
  });
  const settings = searchSettings(
    allProvidersToml(server, 'provider = "searxng"\nfallback = ["brave", "perplexity", "tavily"]'),
  );
  const r = await tool({ settings }).execute({ query: "deno runtime" });
  assert.deepEqual(server.requests.map((q) => q.path.split("/")[1]), [
    "searxng",
    "brave",
    "perplexity",
  ]);
  assert.match(r.content, /_Provider: perplexity \| 2 results \| \d+ ms_/);
  assert.match(
    r.content,
    /_Answered by perplexity after: Cannot search with "searxng": HTTP 500: down; Cannot search with "brave": HTTP 429 \(rate limit or quota reached\): quota_/,
  );
});

Deno.test("web_search gives the model one clear error when every provider fails", async () => {
  await using server = await startSearchServer({
    searxng: { status: 500, body: "down" },
    brave: { status: 401, body: '{"error":{"message":"bad token"}}' },
  });
  const settings = searchSettings(
    allProvidersToml(server, 'provider = "searxng"\nfallback = ["brave"]'),
  );
  await assert.rejects(
    tool({ settings }).execute({ query: "q" }),
    (e: Error) => {
      assert.equal(
        e.message,
        'Cannot search: every provider failed:\n- Cannot search with "searxng": HTTP 500: down\n' +
          '- Cannot search with "brave": HTTP 401 (check the API key): bad token\n' +
          "Try again later or use web_fetch on a known URL.",
      );
      return true;
    },
  );
});

Deno.test("createSearchRouter() answers a repeated query from the cache until the TTL passes", async () => {
  await using server = await startSearchServer();
  let now = 0;
  const settings = searchSettings(allProvidersToml(server, 'provider = "searxng"\ncache_ttl = 60'));
  const router = createSearchRouter({ settings, now: () => now });
  const first = await router.search("Deno Runtime", { count: 3 });
  now = 59_999;
  const second = await router.search("  deno   runtime ", { count: 3 });
  assert.equal(server.requests.length, 1);
  assert.deepEqual([first.cached, second.cached], [false, true]);
  assert.deepEqual(second.results, first.results);
  await router.search("deno runtime", { count: 2 });
  assert.equal(server.requests.length, 2, "another count is another key");
  now = 60_000;
  const third = await router.search("deno runtime", { count: 3 });
  assert.equal(third.cached, false);
  assert.equal(server.requests.length, 3);
});

Deno.test("createSearchRouter() does not cache with cache_enabled = false", async () => {
  await using server = await startSearchServer();
  const settings = searchSettings(
    allProvidersToml(server, 'provider = "searxng"\ncache_enabled = false'),
  );
  const router = createSearchRouter({ settings });
  await router.search("q", { count: 3 });
  await router.search("q", { count: 3 });
  assert.equal(server.requests.length, 2);
});

Deno.test("createSearchRouter() records queries, cache hits, failures and cost in the stats file", async () => {
  await using server = await startSearchServer({ searxng: { status: 500, body: "x" } });
  const dir = await Deno.makeTempDir();
  const statsFile = join(dir, "state", "search_stats.json");
  const settings = searchSettings(
    allProvidersToml(server, 'provider = "searxng"\nfallback = ["brave", "perplexity"]'),
  );
  const router = createSearchRouter({
    settings,
    statsFile,
    now: () => Date.parse("2026-12-06T10:00:00Z"),
  });
  await router.search("a", { count: 2 });
  await router.search("a", { count: 2 });
  await router.search("b", { count: 2, provider: "perplexity" });
  const stats = await readSearchStats(statsFile);
  assert.deepEqual(stats, {
    since: "2026-12-06T10:00:00.000Z",
    provider: "mixed",
    total_queries: 3,
    cached_hits: 1,
    failed_queries: 0,
    estimated_cost_usd: 0.008,
    providers: {
      searxng: { queries: 0, cached_hits: 0, failures: 1, estimated_cost_usd: 0 },
      brave: { queries: 2, cached_hits: 1, failures: 0, estimated_cost_usd: 0.005 },
      perplexity: { queries: 1, cached_hits: 0, failures: 0, estimated_cost_usd: 0.003 },
    },
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("createSearchRouter() counts a query no provider answered as failed", async () => {
  await using server = await startSearchServer({ searxng: { status: 500, body: "x" } });
  const dir = await Deno.makeTempDir();
  const statsFile = join(dir, "search_stats.json");
  const router = createSearchRouter({
    settings: searchSettings(allProvidersToml(server, 'provider = "searxng"')),
    statsFile,
  });
  await assert.rejects(router.search("a", { count: 1 }), /HTTP 500/);
  const stats = await readSearchStats(statsFile);
  assert.deepEqual([stats.total_queries, stats.failed_queries, stats.provider], [1, 1, null]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readSearchStats() names the file when it is not stats", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "search_stats.json");
  await Deno.writeTextFile(file, "{oops");
  await assert.rejects(
    readSearchStats(file),
    /Cannot read search stats ".*search_stats\.json": not JSON/,
  );
  await Deno.remove(dir, { recursive: true });
});
