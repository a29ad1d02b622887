/** Anthropic's server-side web search: which tool is offered, and results and citations read. */
import assert from "node:assert/strict";
import type { Context, StreamEvent } from "../../src/core/mod.ts";
import { createAnthropicProvider, type NativeSearchMode } from "../../src/llm/mod.ts";
import { loadFixture, startFakeServer } from "../support/mod.ts";

const CLIENT_TOOL = {
  name: "web_search",
  description: "client search",
  parameters: { type: "object", properties: { query: { type: "string" } } },
};
const READ_TOOL = { name: "read_file", description: "read", parameters: { type: "object" } };
const CONTEXT: Context = {
  messages: [{ role: "user", content: "What is new in Deno 2.9?" }],
  tools: [READ_TOOL, CLIENT_TOOL],
};

async function run(mode: NativeSearchMode, fixture = "anthropic_plain") {
  await using server = await startFakeServer([loadFixture(fixture)]);
  const provider = createAnthropicProvider({
    apiKey: "sk-ant-test",
    baseUrl: server.url,
    nativeWebSearch: mode,
  });
  const events: StreamEvent[] = [];
  for await (const e of provider.stream("claude-sonnet-4-6", CONTEXT)) events.push(e);
  return { body: server.requests[0].json(), events };
}

Deno.test("anthropic stream() with prefer hides the client web_search and offers the native one", async () => {
  const { body } = await run("prefer");
  assert.deepEqual(body.tools.map((t: { name: string; type?: string }) => [t.name, t.type]), [
    ["read_file", undefined],
    ["web_search", "web_search_20250305"],
  ]);
});

Deno.test("anthropic stream() with fallback keeps a client web_search and adds no native one", async () => {
  const { body } = await run("fallback");
  assert.deepEqual(body.tools.map((t: { name: string; type?: string }) => [t.name, t.type]), [
    ["read_file", undefined],
    ["web_search", undefined],
  ]);
});

Deno.test("anthropic stream() with off sends the client tools unchanged", async () => {
  const { body } = await run("off");
  assert.equal(body.tools.length, 2);
  assert.equal(body.tools[1].input_schema.properties.query.type, "string");
});

Deno.test("anthropic stream() reports a native search and keeps it and the citations on the message", async () => {
  const { events } = await run("prefer", "anthropic_web_search");
  const search = events.find((e) => e.type === "web_search");
  assert.deepEqual(search, {
    type: "web_search",
    search: {
      id: "srvtoolu_014hJH82Qum7Td6UV8gDXThB",
      query: "deno 2.9 release",
      results: [
        {
          title: "Deno 2.9 release notes",
          url: "https://deno.com/blog/v2.9",
          pageAge: "November 20, 2026",
        },
        { title: "Releases · denoland/deno", url: "https://github.com/denoland/deno/releases" },
      ],
    },
  });
  const done = events.at(-1);
  assert.ok(done?.type === "done", JSON.stringify(done));
  assert.equal(done.stopReason, "stop");
  assert.deepEqual(done.message.content, [
    { type: "text", text: "Let me look that up. Deno 2.9 ships a faster type checker." },
  ]);
  assert.deepEqual(done.message.webSearches, [search.search]);
  assert.deepEqual(done.message.citations, [{
    url: "https://deno.com/blog/v2.9",
    title: "Deno 2.9 release notes",
    citedText: "Deno 2.9 ships a faster type checker.",
  }]);
});
