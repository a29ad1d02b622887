import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { knownNames, parseModelId } from "../../src/llm/mod.ts";
import { providersFrom } from "./_config.ts";

const defaults = providersFrom();

Deno.test("parseModelId() splits provider/model on the first slash", () => {
  assert.deepEqual(parseModelId("anthropic/claude-opus-4-6", defaults), {
    id: "anthropic/claude-opus-4-6",
    provider: "anthropic",
    model: "claude-opus-4-6",
  });
});

Deno.test("parseModelId() resolves the aliases of the reference", () => {
  const cases: Record<string, string> = {
    opus: "anthropic/claude-opus-4-6",
    sonnet: "anthropic/claude-sonnet-4-6",
    gpt: "openai/gpt-4o",
    "gpt-mini": "openai/gpt-4o-mini",
    glm: "glm/glm-4.7",
    grok: "xai/grok-3-mini",
    codex: "codex-cli/o4-mini",
  };
  for (const [alias, id] of Object.entries(cases)) {
    assert.equal(parseModelId(alias, defaults).id, id, alias);
  }
});

Deno.test("parseModelId() routes bare names by their prefix", () => {
  const cases: Record<string, string> = {
    "gpt-4.1": "openai",
    "o1-mini": "openai",
    "claude-haiku-4-5": "anthropic",
    "glm-4.6": "glm",
    "grok-4": "xai",
    "gemini-2.5-pro": "gemini",
  };
  for (const [name, provider] of Object.entries(cases)) {
    assert.equal(parseModelId(name, defaults).provider, provider, name);
  }
});

Deno.test("parseModelId() accepts every spelling of openai-compatible", () => {
  for (
    const prefix of ["openai-compatible", "openai-compat", "openai_compat", "openai_compatible"]
  ) {
    const ref = parseModelId(`${prefix}/qwen3-8b`, defaults);
    assert.equal(ref.provider, "openai_compatible");
    assert.equal(ref.id, "openai-compatible/qwen3-8b");
  }
});

Deno.test("parseModelId() maps the CLI prefixes and fills their default model", () => {
  assert.equal(parseModelId("claude-cli/sonnet", defaults).provider, "claude_cli");
  assert.deepEqual(parseModelId("claude-cli/", defaults).model, "opus");
  assert.equal(parseModelId("gemini-cli/gemini-2.5-pro", defaults).provider, "gemini_cli");
  assert.equal(parseModelId("codex_cli/o3", defaults).id, "codex-cli/o3");
});

Deno.test("parseModelId() keeps the vendor path of openrouter models", () => {
  const ref = parseModelId("openrouter/anthropic/claude-sonnet-4.5", defaults);
  assert.deepEqual([ref.provider, ref.model], ["openrouter", "anthropic/claude-sonnet-4.5"]);
});

Deno.test("parseModelId() resolves a named custom provider from config", () => {
  const providers = providersFrom(`
[providers.vllm]
type = "openai_compatible"
base_url = "http://127.0.0.1:8000/v1"
`);
  assert.deepEqual(parseModelId("vllm/Qwen/Qwen3-8B", providers), {
    id: "vllm/Qwen/Qwen3-8B",
    provider: "vllm",
    model: "Qwen/Qwen3-8B",
  });
  assert.ok(knownNames(providers).includes("vllm"));
});

Deno.test("parseModelId() knows lmstudio and llamacpp without config", () => {
  assert.equal(parseModelId("lmstudio/qwen3-8b", defaults).provider, "lmstudio");
  assert.equal(parseModelId("llamacpp/model", defaults).provider, "llamacpp");
});

Deno.test("parseModelId() throws a ConfigError naming the fix for an unknown provider", () => {
  assert.throws(() => parseModelId("mystery/model", defaults), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^Cannot resolve model "mystery\/model": unknown provider "mystery"/);
    assert.match(e.message, /\[providers\.mystery\] with type/);
    return true;
  });
});

Deno.test("parseModelId() sends an unknown bare name to a configured Ollama first", () => {
  const providers = providersFrom(`[providers.ollama]\nendpoint = "http://10.0.0.2:11434"\n`);
  assert.equal(parseModelId("qwen3", providers).id, "ollama/qwen3");
});

Deno.test("parseModelId() sends an unknown bare name to Anthropic when it has a key", () => {
  const providers = providersFrom("", { ANTHROPIC_API_KEY: "sk-ant" });
  assert.equal(parseModelId("my-model", providers).provider, "anthropic");
});

Deno.test("parseModelId() sends an unknown bare name to claude-cli when it is installed", () => {
  const ref = parseModelId("my-model", defaults, { onPath: (c) => c === "claude" });
  assert.equal(ref.provider, "claude_cli");
});

Deno.test("parseModelId() throws for an unknown bare name with nothing to route it to", () => {
  assert.throws(() => parseModelId("my-model", defaults, { onPath: () => false }), ConfigError);
});
