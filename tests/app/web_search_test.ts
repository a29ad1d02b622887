import assert from "node:assert/strict";
import { createAppStream } from "../../src/app/model.ts";
import { nativeSearchMode, searchStatusLine } from "../../src/app/web_search.ts";
import { loadConfig, parseConfig } from "../../src/config/mod.ts";
import { recordSearch } from "../../src/tools/mod.ts";
import type { Context } from "../../src/core/mod.ts";
import { chatMessage } from "../../src/app/daemon/chat_messages.ts";
import { assistantMessage, createTempHome, loadFixture, startFakeServer } from "../support/mod.ts";

const CONTEXT: Context = {
  messages: [{ role: "user", content: "news?" }],
  tools: [
    { name: "read_file", description: "read", parameters: { type: "object" } },
    { name: "web_search", description: "search", parameters: { type: "object" } },
  ],
};

function config(webSearch: string, anthropic = "") {
  return parseConfig(
    `[tools.web_search]\n${webSearch}\n[tools.web_search.searxng]\nbase_url = "http://127.0.0.1:9"\n` +
      `[providers.anthropic]\napi_key = "sk-ant"\n${anthropic}\n[providers.openai]\napi_key = "sk-oa"\n`,
    { vars: {} },
  ).config;
}

async function requestTools(model: string, cfg: ReturnType<typeof config>) {
  const vendor = model.split("/")[0];
  await using server = await startFakeServer([loadFixture(`${vendor}_plain`)]);
  const url = (u: string) => new URL(new URL(u).pathname + new URL(u).search, server.url);
  const stream = await createAppStream(
    cfg,
    { model, source: "config", detail: "", baseUrls: {} },
    {},
    {
      fetch: (input, init) =>
        fetch(url(input instanceof Request ? input.url : String(input)), init),
    },
  );
  for await (const _ of stream(CONTEXT)) {
    // drain
  }
  return server.requests[0].json().tools;
}

Deno.test("prefer_native with a client provider: Anthropic gets the native tool, not the client one", async () => {
  const tools = await requestTools(
    "anthropic/claude-sonnet-4-6",
    config('provider = "searxng"\nprefer_native = true'),
  );
  assert.deepEqual(tools.map((t: { name: string; type?: string }) => t.type ?? t.name), [
    "read_file",
    "web_search_20250305",
  ]);
});

Deno.test("prefer_native does not change what OpenAI is offered", async () => {
  const tools = await requestTools(
    "openai/gpt-4.1",
    config('provider = "searxng"\nprefer_native = true'),
  );
  assert.deepEqual(tools.map((t: { function: { name: string } }) => t.function.name), [
    "read_file",
    "web_search",
  ]);
});

Deno.test("prefer_native = false: Anthropic gets the client web_search tool only", async () => {
  const tools = await requestTools(
    "anthropic/claude-sonnet-4-6",
    config('provider = "searxng"\nprefer_native = false', "native_web_search = true"),
  );
  assert.deepEqual(tools.map((t: { name: string; type?: string }) => t.type ?? t.name), [
    "read_file",
    "web_search",
  ]);
});

Deno.test("nativeSearchMode() without a client provider follows providers.anthropic.native_web_search", () => {
  assert.equal(nativeSearchMode(config('provider = "none"')), "off");
  assert.equal(
    nativeSearchMode(config('provider = "none"', "native_web_search = true")),
    "fallback",
  );
  assert.equal(nativeSearchMode(config('provider = "brave"')), "prefer");
});

Deno.test("searchStatusLine() shows the provider order, native mode and usage from the stats file", async () => {
  await using home = await createTempHome();
  await home.writeConfig(
    '[tools.web_search]\nprovider = "brave"\nfallback = ["searxng"]\n' +
      '[tools.web_search.brave]\napi_key = "k"\n',
  );
  const loaded = await loadConfig({ host: home.host });
  assert.equal(
    await searchStatusLine(loaded),
    "brave → searxng, native on Anthropic (preferred); no queries yet",
  );
  await recordSearch(loaded.paths.searchStats, {
    provider: "brave",
    cached: false,
    cost: 0.005,
    failed: [],
    at: new Date(0),
  });
  assert.equal(
    await searchStatusLine(loaded),
    "brave → searxng, native on Anthropic (preferred); 1 query (0 cached, 0 failed), " +
      "est. $0.0050 (brave)",
  );
});

Deno.test("searchStatusLine() says how to turn web search on when it is off", async () => {
  await using home = await createTempHome();
  assert.equal(
    await searchStatusLine(await loadConfig({ host: home.host })),
    "off (set tools.web_search.provider)",
  );
});

Deno.test("chatMessage() gives the web UI a reply's native searches and citations", () => {
  const search = {
    id: "srvtoolu_1",
    query: "deno",
    results: [{ title: "Deno", url: "https://deno.com/" }],
  };
  const citations = [{ url: "https://deno.com/", title: "Deno" }];
  const [m] = chatMessage({
    ...assistantMessage("A runtime."),
    webSearches: [search],
    citations,
  });
  assert.deepEqual(m, {
    role: "assistant",
    content: "A runtime.",
    web_searches: [search],
    citations,
  });
});
