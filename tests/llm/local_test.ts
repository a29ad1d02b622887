import assert from "node:assert/strict";
import { type Context, ProviderError } from "../../src/core/mod.ts";
import { localModelPath, plainPrompt, toChatHistory, toGbnfSchema } from "../../src/llm/mod.ts";

const TOOL_ROUND: Context = {
  system: "Be brief.",
  messages: [
    { role: "user", content: "What is in today's note?" },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me look." },
        { type: "tool_call", id: "c1", name: "read_file", arguments: '{"path":"today.md"}' },
      ],
    },
    {
      role: "tool",
      content: [{ type: "tool_result", toolCallId: "c1", name: "read_file", content: "Buy milk." }],
    },
  ],
};

Deno.test("localModelPath() maps a name into the models folder and keeps absolute paths", () => {
  assert.equal(localModelPath("qwen", "/m"), "/m/qwen.gguf");
  assert.equal(localModelPath("qwen.gguf", "/m"), "/m/qwen.gguf");
  assert.equal(localModelPath("/opt/x.gguf", "/m"), "/opt/x.gguf");
});

Deno.test("localModelPath() refuses names that would leave the models folder", () => {
  for (const bad of ["../x", "a/b", ".hidden", ""]) {
    assert.throws(() => localModelPath(bad, "/m"), (e: Error) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, "invalid_request");
      assert.match(e.message, /local\/<name>/);
      return true;
    });
  }
});

Deno.test("plainPrompt() joins the system text and every message's text with blank lines", () => {
  assert.equal(
    plainPrompt(TOOL_ROUND),
    "Be brief.\n\nWhat is in today's note?\n\nLet me look.\n\nBuy milk.",
  );
  assert.equal(
    plainPrompt({ messages: [{ role: "user", content: "Once upon a time" }] }),
    "Once upon a time",
  );
});

Deno.test("toChatHistory() attaches tool results to their calls and leaves the turn open", () => {
  const history = toChatHistory(TOOL_ROUND);
  assert.deepEqual(history, [
    { type: "system", text: "Be brief." },
    { type: "user", text: "What is in today's note?" },
    {
      type: "model",
      response: [
        "Let me look.",
        {
          type: "functionCall",
          name: "read_file",
          params: { path: "today.md" },
          result: "Buy milk.",
        },
      ],
    },
  ]);
});

Deno.test("toChatHistory() ends with an empty model turn after a user message", () => {
  const history = toChatHistory({ messages: [{ role: "user", content: "Hi" }] });
  assert.deepEqual(history, [{ type: "user", text: "Hi" }, { type: "model", response: [] }]);
});

Deno.test("toGbnfSchema() keeps the keywords the grammar supports and drops the rest", () => {
  const schema = toGbnfSchema({
    type: "object",
    $schema: "http://json-schema.org/draft-07/schema#",
    properties: {
      path: { type: "string", description: "file", minLength: 1 },
      limit: { type: ["integer", "null"], minimum: 1 },
      tags: { type: "array", items: { type: "string", pattern: "^x" } },
      options: { type: "object" },
    },
    required: ["path"],
    additionalProperties: false,
  });
  assert.deepEqual(schema, {
    type: "object",
    properties: {
      path: { type: "string", description: "file" },
      limit: { type: ["integer", "null"] },
      tags: { type: "array", items: { type: "string" } },
      options: { type: "object", additionalProperties: true },
    },
    required: ["path"],
  });
});
