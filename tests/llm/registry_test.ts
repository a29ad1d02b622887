import assert from "node:assert/strict";
import type { Context } from "../../src/core/mod.ts";
import { createModelStream, createRegistry } from "../../src/llm/mod.ts";
import {
  collectEvents,
  FakeProvider,
  loadFixture,
  startFakeServer,
  streamedText,
  textReply,
} from "../support/mod.ts";
import { providersFrom } from "./_config.ts";

const ASK: Context = { messages: [{ role: "user", content: "Say hello." }] };

Deno.test("createRegistry() streams from a named openai_compatible provider with its headers", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  const providers = providersFrom(`
[providers.vllm]
type = "openai_compatible"
base_url = "${server.url}/v1"
extra_headers = { "x-tenant" = "home" }
`);
  const events = await collectEvents(createRegistry(providers).stream("vllm/Qwen/Qwen3-8B", ASK));
  assert.equal(streamedText(events), "Hello, world!");
  assert.equal(server.requests[0].path, "/v1/chat/completions");
  assert.equal(server.requests[0].json().model, "Qwen/Qwen3-8B");
  assert.equal(server.requests[0].headers.get("x-tenant"), "home");
});

Deno.test("createRegistry() serves a custom provider of type ollama on its native API", async () => {
  await using server = await startFakeServer([
    loadFixture("ollama_plain", "application/x-ndjson"),
  ]);
  const providers = providersFrom(`
[providers.gpu_box]
type = "ollama"
base_url = "${server.url}"
`);
  const events = await collectEvents(createRegistry(providers).stream("gpu_box/llama3.2", ASK));
  assert.equal(streamedText(events), "Hello, world!");
  assert.equal(server.requests[0].path, "/api/chat");
});

Deno.test("createRegistry() points lmstudio at a detected base URL", async () => {
  await using server = await startFakeServer([loadFixture("openai_plain")]);
  const registry = createRegistry(providersFrom(), { baseUrls: { lmstudio: `${server.url}/v1` } });
  const events = await collectEvents(registry.stream("lmstudio/qwen3-8b", ASK));
  assert.equal(events.at(-1)?.type, "done");
});

Deno.test("createRegistry() stream() yields an error naming the key when base_url is missing", async () => {
  const events = await collectEvents(
    createRegistry(providersFrom()).stream("openai-compat/x", ASK),
  );
  assert.equal(events.length, 1);
  const end = events[0];
  assert.ok(end.type === "error");
  assert.equal(end.error.kind, "invalid_request");
  assert.match(end.error.message, /providers\.openai_compatible\.base_url/);
});

Deno.test("createRegistry() stream() yields an error for an unknown provider instead of throwing", async () => {
  const events = await collectEvents(createRegistry(providersFrom()).stream("nope/x", ASK));
  assert.ok(events[0].type === "error");
  assert.match(events[0].error.message, /unknown provider "nope"/);
});

Deno.test("createRegistry() provider() builds each provider once", () => {
  const registry = createRegistry(providersFrom());
  assert.equal(registry.provider("anthropic"), registry.provider("anthropic"));
});

Deno.test("createModelStream() falls back to the next model after retries are exhausted", async () => {
  await using failing = await startFakeServer(
    () => loadFixture("anthropic_500"),
  );
  await using working = await startFakeServer([loadFixture("openai_plain")]);
  const providers = providersFrom(`
[providers.anthropic]
api_key = "sk-ant"
base_url = "${failing.url}"
[providers.openai]
api_key = "sk"
base_url = "${working.url}/v1"
`);
  const fallbacks: string[] = [];
  const stream = createModelStream(createRegistry(providers), {
    model: "sonnet",
    fallbacks: ["gpt"],
    retry: { maxRetries: 1, sleep: () => Promise.resolve() },
    fallback: { onFallback: (from, to) => fallbacks.push(`${from} -> ${to}`) },
  });
  const events = await collectEvents(stream(ASK));
  assert.equal(streamedText(events), "Hello, world!");
  assert.equal(failing.requests.length, 2);
  assert.deepEqual(fallbacks, ["sonnet -> gpt"]);
  const start = events[0];
  assert.ok(start.type === "start" && start.provider === "openai");
});

Deno.test("createRegistry() limits OpenAI with max_completion_tokens and other servers with max_tokens", async () => {
  await using server = await startFakeServer([
    loadFixture("openai_plain"),
    loadFixture("openai_plain"),
  ]);
  const providers = providersFrom(`
[providers.openai]
api_key = "sk"
base_url = "${server.url}/v1"
[providers.openai_compatible]
base_url = "${server.url}/v1"
`);
  const registry = createRegistry(providers);
  await collectEvents(registry.stream("openai/o4-mini", ASK, { maxTokens: 99 }));
  await collectEvents(registry.stream("openai-compatible/qwen3", ASK, { maxTokens: 99 }));
  const [openai, compat] = server.requests.map((r) => r.json());
  assert.deepEqual([openai.max_completion_tokens, openai.max_tokens], [99, undefined]);
  assert.deepEqual([compat.max_completion_tokens, compat.max_tokens], [undefined, 99]);
});

Deno.test("createRegistry() routes ids to an injected provider by its name", async () => {
  const fake = new FakeProvider([textReply("scripted")], { name: "fake" });
  const registry = createRegistry(providersFrom(), { providers: { fake } });
  const events = await collectEvents(registry.stream("fake/any-model", ASK));
  assert.equal(streamedText(events), "scripted");
  assert.equal(fake.calls[0].model, "any-model");
});
