import assert from "node:assert/strict";
import {
  addUsage,
  emptyTotals,
  estimateContextTokens,
  estimateTokens,
  findPrice,
  formatCost,
  IMAGE_TOKENS,
  priceUsage,
} from "../../src/llm/mod.ts";

const usage = {
  input: 1_000_000,
  output: 1_000_000,
  cacheRead: 0,
  cacheWrite: 0,
  total: 2_000_000,
};

Deno.test("findPrice() picks the longest matching prefix, ignoring a vendor path", () => {
  assert.equal(findPrice("gpt-4o-mini-2024-07-18")?.input, 0.15);
  assert.equal(findPrice("gpt-4o-2024-08-06")?.input, 2.5);
  assert.equal(findPrice("anthropic/claude-sonnet-4.5")?.input, 3);
  assert.equal(findPrice("qwen3-8b"), undefined);
  assert.equal(findPrice("claude-sonnet-4-5-20250929")?.output, 15);
});

Deno.test("priceUsage() prices input, output and cache tokens per million", () => {
  const cost = priceUsage("anthropic", "claude-sonnet-4-6", {
    ...usage,
    cacheRead: 1_000_000,
    cacheWrite: 1_000_000,
  });
  assert.equal(cost, 3 + 15 + 0.3 + 3.75);
});

Deno.test("priceUsage() is zero for local and CLI providers and undefined when unknown", () => {
  assert.equal(priceUsage("ollama", "llama3.2", usage), 0);
  assert.equal(priceUsage("claude_cli", "opus", usage), 0);
  assert.equal(priceUsage("openai", "some-local-model", usage), undefined);
});

Deno.test("addUsage() sums calls and counts those without a price", () => {
  let totals = emptyTotals();
  totals = addUsage(totals, {
    input: 10,
    output: 5,
    cacheRead: 0,
    cacheWrite: 0,
    total: 15,
    cost: 0.5,
  });
  totals = addUsage(totals, { input: 1, output: 1, cacheRead: 2, cacheWrite: 0, total: 4 });
  assert.deepEqual(totals, {
    input: 11,
    output: 6,
    cacheRead: 2,
    cacheWrite: 0,
    total: 19,
    cost: 0.5,
    calls: 2,
    unpricedCalls: 1,
  });
});

Deno.test("formatCost() shows four decimals below a cent", () => {
  assert.equal(formatCost(0.00123), "$0.0012");
  assert.equal(formatCost(1.5), "$1.50");
  assert.equal(formatCost(undefined), "unknown");
});

Deno.test("estimateTokens() divides Latin text by the family's characters per token", () => {
  assert.equal(estimateTokens("a".repeat(400), "openai"), 100);
  assert.equal(estimateTokens("a".repeat(350), "anthropic"), 100);
});

Deno.test("estimateTokens() counts each CJK character as a token", () => {
  assert.equal(estimateTokens("你好世界"), 4);
});

Deno.test("estimateContextTokens() adds images, tool schemas and message overhead", () => {
  const plain = estimateContextTokens({ messages: [{ role: "user", content: "hi" }] });
  const withImage = estimateContextTokens({
    messages: [{
      role: "user",
      content: [{ type: "text", text: "hi" }, {
        type: "image",
        mediaType: "image/png",
        data: "AA",
      }],
    }],
  });
  assert.equal(withImage - plain, IMAGE_TOKENS);
  const withTool = estimateContextTokens({
    messages: [{ role: "user", content: "hi" }],
    tools: [{ name: "read_file", description: "Read a file", parameters: { type: "object" } }],
  });
  assert.ok(withTool > plain);
});
