import assert from "node:assert/strict";
import {
  createSearchProvider,
  SearchFailure,
  type SearchProviderName,
} from "../../src/tools/mod.ts";
import {
  allProvidersToml,
  type FakeResponse,
  type RecordedRequest,
  searchSettings,
  startSearchServer,
} from "../support/mod.ts";

interface Case {
  name: SearchProviderName;
  check(request: RecordedRequest): void;
  first: { title: string; url: string; snippet: string };
  summary?: RegExp;
}

const CASES: Case[] = [
  {
    name: "searxng",
    check(r) {
      assert.equal(r.method, "GET");
      const url = new URL(r.path, "http://x");
      assert.equal(url.pathname, "/searxng/search");
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        q: "deno runtime",
        format: "json",
        pageno: "1",
        categories: "general",
        language: "en",
        time_range: "month",
      });
    },
    first: {
      title: "Deno, the next-generation JavaScript runtime",
      url: "https://deno.com/",
      snippet: "Deno is the open-source JavaScript runtime for the modern web.",
    },
  },
  {
    name: "brave",
    check(r) {
      assert.equal(r.method, "GET");
      assert.equal(r.headers.get("x-subscription-token"), "brave-key");
      assert.equal(r.headers.get("accept"), "application/json");
      const url = new URL(r.path, "http://x");
      assert.equal(url.pathname, "/brave/res/v1/web/search");
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        q: "deno runtime",
        count: "2",
        country: "de",
        freshness: "pw",
      });
    },
    first: {
      title: "Deno, the next-generation JavaScript runtime",
      url: "https://deno.com/",
      snippet: "Deno is the open-source JavaScript runtime for the modern web. Built on web " +
        "standards with zero-config TypeScript & more.",
    },
  },
  {
    name: "tavily",
    check(r) {
      assert.equal(r.method, "POST");
      assert.equal(r.path, "/tavily/search");
      assert.equal(r.headers.get("authorization"), "Bearer tvly-key");
      assert.deepEqual(r.json(), {
        api_key: "tvly-key",
        query: "deno runtime",
        max_results: 2,
        search_depth: "advanced",
        include_answer: true,
      });
    },
    first: {
      title: "Deno, the next-generation JavaScript runtime",
      url: "https://deno.com/",
      snippet: "Deno is the open-source JavaScript runtime for the modern web.",
    },
    summary: /secure JavaScript and TypeScript runtime/,
  },
  {
    name: "perplexity",
    check(r) {
      assert.equal(r.method, "POST");
      assert.equal(r.path, "/perplexity/chat/completions");
      assert.equal(r.headers.get("authorization"), "Bearer pplx-key");
      const body = r.json();
      assert.equal(body.model, "sonar-pro");
      assert.deepEqual(body.messages.at(-1), { role: "user", content: "deno runtime" });
    },
    first: {
      title: "Deno, the next-generation JavaScript runtime",
      url: "https://deno.com/",
      snippet: "Deno is the open-source JavaScript runtime for the modern web.",
    },
    summary: /built on V8 and Rust \[1\]\[2\]/,
  },
];

function settingsFor(server: { url: string }) {
  return searchSettings(allProvidersToml(server, "", {
    searxng: 'categories = "general"\nlanguage = "en"\ntime_range = "month"',
    brave: 'country = "de"\nfreshness = "pw"',
    tavily: 'search_depth = "advanced"',
    perplexity: 'model = "sonar-pro"',
  }));
}

for (const c of CASES) {
  Deno.test(`${c.name} search() sends the documented request and maps the real reply`, async () => {
    await using server = await startSearchServer();
    const provider = createSearchProvider(c.name, settingsFor(server));
    const answer = await provider.search("deno runtime", { count: 2 });
    assert.equal(server.requests.length, 1);
    c.check(server.requests[0]);
    assert.equal(answer.results.length, 2);
    assert.deepEqual(answer.results[0], c.first);
    if (c.summary) assert.match(answer.summary ?? "", c.summary);
    else assert.equal(answer.summary, undefined);
  });

  const errors: [string, FakeResponse, string, RegExp][] = [
    ["401", { status: 401, body: '{"error":{"message":"invalid key"}}' }, "auth", /HTTP 401.*key/],
    ["429", { status: 429, body: '{"detail":{"error":"quota exceeded"}}' }, "rate_limit", /429/],
    ["500", { status: 500, body: "<html>oops</html>" }, "http", /HTTP 500: <html>oops/],
    ["malformed JSON", { status: 200, body: '{"results": [' }, "malformed", /not JSON/],
    ["a reply without results", { status: 200, body: '{"foo":1}' }, "malformed", /has no/],
  ];
  for (const [label, response, kind, message] of errors) {
    Deno.test(`${c.name} search() fails with kind "${kind}" on ${label}`, async () => {
      await using server = await startSearchServer({ [c.name]: response });
      const provider = createSearchProvider(c.name, settingsFor(server));
      const error = await provider.search("q", { count: 3 }).then(
        () => assert.fail("no error"),
        (e) => e,
      );
      assert.ok(error instanceof SearchFailure, String(error));
      assert.equal(error.kind, kind);
      assert.equal(error.provider, c.name);
      assert.match(error.message, new RegExp(`^Cannot search with "${c.name}": `));
      assert.match(error.message, message);
    });
  }

  Deno.test(`${c.name} search() fails with kind "timeout" when the server does not answer`, async () => {
    await using server = await startSearchServer({ [c.name]: { hang: true, body: "" } });
    const timer = new AbortController();
    const settings = settingsFor(server);
    const provider = createSearchProvider(c.name, settings, {
      // The injected timer fires once the server has the request: no real waiting.
      timeout: (ms) => {
        assert.equal(ms, settings.timeout_ms);
        const poll = () =>
          server.requests.length ? timer.abort() : setTimeout(poll, 1) && undefined;
        poll();
        return timer.signal;
      },
    });
    const error = await provider.search("q", { count: 3 }).catch((e) => e);
    assert.ok(error instanceof SearchFailure, String(error));
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /no answer within 15000 ms/);
  });
}

Deno.test("createSearchProvider() fails without a request when the key is missing", async () => {
  await using server = await startSearchServer();
  const settings = searchSettings(`[tools.web_search.brave]\nbase_url = "${server.url}/brave"\n`);
  const error = await createSearchProvider("brave", settings).search("q", { count: 1 }).catch((
    e,
  ) => e);
  assert.ok(error instanceof SearchFailure);
  assert.equal(error.kind, "not_configured");
  assert.match(error.message, /tools\.web_search\.brave\.api_key is not set/);
  assert.equal(server.requests.length, 0);
});

Deno.test("brave search() treats a reply without a web section as no results", async () => {
  await using server = await startSearchServer({
    brave: { body: '{"type":"search","query":{"original":"zzqx"}}' },
  });
  const answer = await createSearchProvider("brave", settingsFor(server)).search("zzqx", {
    count: 5,
  });
  assert.deepEqual(answer.results, []);
});
