/** Vendor request bodies: the parts of each wire format the contract suite does not cover. */
import assert from "node:assert/strict";
import type { Context } from "../../src/core/mod.ts";
import {
  createAnthropicProvider,
  createGeminiProvider,
  createOllamaProvider,
  createOpenAiProvider,
} from "../../src/llm/mod.ts";
import { loadFixture, startFakeServer } from "../support/mod.ts";

const IMAGE: Context = {
  system: "Stable prefix.",
  systemDynamic: "Now: 2026-12-01 04:00 UTC",
  messages: [{
    role: "user",
    content: [
      { type: "text", text: "What is this?" },
      { type: "image", mediaType: "image/png", data: "iVBORw0KGgo=" },
    ],
  }],
};

async function anthropicBody(
  context: Context,
  options: { nativeWebSearch?: boolean; thinkingBudget?: number } = {},
) {
  await using server = await startFakeServer([loadFixture("anthropic_plain")]);
  const provider = createAnthropicProvider({
    apiKey: "sk-ant-test",
    baseUrl: server.url,
    nativeWebSearch: options.nativeWebSearch,
  });
  for await (
    const _ of provider.stream("claude-sonnet-4-5", context, {
      thinkingBudget: options.thinkingBudget,
    })
  ) {
    // drain
  }
  return { body: server.requests[0].json(), headers: server.requests[0].headers };
}

Deno.test("anthropic stream() marks only the stable system prefix for caching", async () => {
  const { body } = await anthropicBody(IMAGE);
  assert.deepEqual(body.system, [
    { type: "text", text: "Stable prefix.", cache_control: { type: "ephemeral" } },
    { type: "text", text: "Now: 2026-12-01 04:00 UTC" },
  ]);
});

Deno.test("anthropic stream() sends images as base64 source blocks", async () => {
  const { body } = await anthropicBody(IMAGE);
  assert.deepEqual(body.messages[0].content[1], {
    type: "image",
    source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
  });
});

Deno.test("anthropic stream() sends the key and version headers and a dated model id", async () => {
  const { body, headers } = await anthropicBody(IMAGE);
  // The SDK decides the header (x-api-key or a Bearer token); the key must be in one of them.
  const auth = `${headers.get("x-api-key")} ${headers.get("authorization")}`;
  assert.match(auth, /sk-ant-test/);
  assert.match(headers.get("anthropic-version") ?? "", /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(body.model, "claude-sonnet-4-5-20250929");
});

Deno.test("anthropic stream() adds the native web_search tool when enabled and not shadowed", async () => {
  const { body } = await anthropicBody(IMAGE, { nativeWebSearch: true });
  assert.deepEqual(body.tools, [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }]);
  const shadowed = await anthropicBody(
    {
      ...IMAGE,
      tools: [{ name: "web_search", description: "search", parameters: { type: "object" } }],
    },
    { nativeWebSearch: true },
  );
  assert.equal(shadowed.body.tools.length, 1);
  assert.equal(shadowed.body.tools[0].input_schema.type, "object");
});

Deno.test("anthropic stream() asks for thinking with a budget on top of max_tokens", async () => {
  const { body } = await anthropicBody(IMAGE, { thinkingBudget: 2048 });
  assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 2048 });
  assert.equal(body.max_tokens, 4096 + 2048);
});

Deno.test("anthropic stream() yields thinking deltas and keeps the signature for replay", async () => {
  const sse = [
    `event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}`,
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}`,
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}`,
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`,
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"42"}}`,
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":1}`,
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}`,
    `event: message_stop\ndata: {"type":"message_stop"}`,
  ].join("\n\n") + "\n\n";
  await using server = await startFakeServer([{ body: sse }]);
  const provider = createAnthropicProvider({ apiKey: "k", baseUrl: server.url });
  const events = [];
  for await (const e of provider.stream("claude-sonnet-4-6", IMAGE)) events.push(e);
  const done = events.at(-1);
  assert.ok(done?.type === "done");
  assert.deepEqual(done.message.content, [
    { type: "thinking", text: "Let me think.", signature: "EqQBCgIYAhIM" },
    { type: "text", text: "42" },
  ]);
});

Deno.test("anthropic stream() ends with an auth error naming the env var when no key is set", async () => {
  const provider = createAnthropicProvider({ baseUrl: "http://127.0.0.1:9" });
  const events = [];
  for await (const e of provider.stream("claude-sonnet-4-6", IMAGE)) events.push(e);
  const end = events.at(-1);
  assert.ok(end?.type === "error");
  assert.equal(end.error.kind, "auth");
  assert.match(end.error.message, /ANTHROPIC_API_KEY/);
});

Deno.test("openai stream() sends images as data-URL image_url parts and one system message", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  const provider = createOpenAiProvider({ name: "openai", apiKey: "k", baseUrl: server.url });
  for await (const _ of provider.stream("gpt-4o", IMAGE)) {
    // drain
  }
  const body = server.requests[0].json();
  assert.deepEqual(body.messages[0], {
    role: "system",
    content: "Stable prefix.\n\nNow: 2026-12-01 04:00 UTC",
  });
  assert.deepEqual(body.messages[1].content[1], {
    type: "image_url",
    image_url: { url: "data:image/png;base64,iVBORw0KGgo=" },
  });
  assert.deepEqual(body.stream_options, { include_usage: true });
});

Deno.test("openai stream() works without a key and sends extra headers for local servers", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  const provider = createOpenAiProvider({
    name: "lmstudio",
    baseUrl: server.url,
    keyOptional: true,
    headers: { "x-team": "blue" },
  });
  const events = [];
  for await (const e of provider.stream("qwen3-8b", IMAGE)) events.push(e);
  assert.equal(events.at(-1)?.type, "done");
  assert.equal(server.requests[0].headers.get("x-team"), "blue");
});

Deno.test("openai stream() turns reasoning_content deltas into thinking", async () => {
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const body = chunk({ role: "assistant", reasoning_content: "Hmm, " }) +
    chunk({ reasoning_content: "easy." }) + chunk({ content: "4" }) + chunk({}, "stop") +
    "data: [DONE]\n\n";
  await using server = await startFakeServer([{ body }]);
  const provider = createOpenAiProvider({ name: "vllm", baseUrl: server.url, keyOptional: true });
  const events = [];
  for await (const e of provider.stream("qwen3", IMAGE)) events.push(e);
  const done = events.at(-1);
  assert.ok(done?.type === "done");
  assert.deepEqual(done.message.content, [
    { type: "thinking", text: "Hmm, easy." },
    { type: "text", text: "4" },
  ]);
});

Deno.test("gemini stream() sends a tool call's thought signature back with the call", async () => {
  await using server = await startFakeServer([
    loadFixture("gemini_tool_call_split"),
    loadFixture("gemini_plain"),
  ]);
  const provider = createGeminiProvider({ apiKey: "k", baseUrl: server.url });
  const first = [];
  for await (const e of provider.stream("gemini-3-pro", IMAGE)) first.push(e);
  const done = first.at(-1);
  assert.ok(done?.type === "done");
  const call = done.message.content.find((p) => p.type === "tool_call");
  assert.ok(call?.type === "tool_call");
  const next: Context = {
    ...IMAGE,
    messages: [...IMAGE.messages, done.message, {
      role: "tool",
      content: [{ type: "tool_result", toolCallId: call.id, name: call.name, content: "x" }],
    }],
  };
  for await (const _ of provider.stream("gemini-3-pro", next)) {
    // drain
  }
  const sent = server.requests[1].json().contents[1].parts;
  assert.equal(sent.at(-1).thoughtSignature, "c2lnLXJlYWQ=");
  assert.equal(server.requests[1].headers.get("x-goog-api-key"), "k");
});

Deno.test("anthropic stream() keeps redacted thinking and sends it back as redacted_thinking", async () => {
  const sse = [
    `event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"}}`,
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`,
    `event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"ok"}}`,
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":1}`,
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}`,
    `event: message_stop\ndata: {"type":"message_stop"}`,
  ].join("\n\n") + "\n\n";
  await using server = await startFakeServer([{ body: sse }, loadFixture("anthropic_plain")]);
  const provider = createAnthropicProvider({ apiKey: "k", baseUrl: server.url });
  const events = [];
  for await (const e of provider.stream("claude-sonnet-4-6", IMAGE)) events.push(e);
  const done = events.at(-1);
  assert.ok(done?.type === "done");
  const next: Context = {
    ...IMAGE,
    messages: [...IMAGE.messages, done.message, { role: "user", content: "and?" }],
  };
  for await (const _ of provider.stream("claude-sonnet-4-6", next)) {
    // drain
  }
  assert.deepEqual(server.requests[1].json().messages[1].content, [
    { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" },
    { type: "text", text: "ok" },
  ]);
});

Deno.test("ollama stream() loads the model with the caller's context window", async () => {
  await using server = await startFakeServer([
    loadFixture("ollama_plain", "application/x-ndjson"),
  ]);
  const provider = createOllamaProvider({ endpoint: server.url });
  for await (const _ of provider.stream("llama3.2", IMAGE, { contextWindow: 32768 })) {
    // drain
  }
  const body = server.requests[0].json();
  assert.equal(body.options.num_ctx, 32768);
  assert.deepEqual(body.messages[1].images, ["iVBORw0KGgo="]);
});
