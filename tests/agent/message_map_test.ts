import assert from "node:assert/strict";
import {
  assistantToTranscript,
  fromTranscriptUsage,
  toLlmMessages,
  toolResultsToTranscript,
  toTranscriptUsage,
  userToTranscript,
} from "../../src/agent/mod.ts";
import type { AssistantMessage, ToolMessage, UserMessage } from "../../src/core/mod.ts";

Deno.test("message mapping round-trips images, thinking, tool calls, grouped results and usage", () => {
  const user: UserMessage = {
    role: "user",
    content: [{ type: "text", text: "look" }, {
      type: "image",
      mediaType: "image/png",
      data: "AAA=",
    }],
  };
  const assistant: AssistantMessage = {
    role: "assistant",
    model: "anthropic/claude-x",
    usage: { input: 3, output: 4, cacheRead: 1, cacheWrite: 0, total: 8, cost: 0.5 },
    content: [
      { type: "thinking", text: "hmm", signature: "sig" },
      { type: "text", text: "Let me check." },
      { type: "tool_call", id: "a", name: "read_file", arguments: '{"path":"x"}' },
      { type: "tool_call", id: "b", name: "bash", arguments: '{"command":"ls"}' },
    ],
  };
  const tools: ToolMessage = {
    role: "tool",
    content: [
      { type: "tool_result", toolCallId: "a", name: "read_file", content: "one" },
      { type: "tool_result", toolCallId: "b", name: "bash", content: "two", isError: true },
    ],
  };
  const stored = [
    userToTranscript(user, 1),
    assistantToTranscript(assistant, { stopReason: "tool_use", api: "anthropic", timestamp: 2 }),
    ...toolResultsToTranscript(tools, 3),
  ];
  const a = stored[1];
  assert.ok(a.role === "assistant");
  assert.deepEqual([a.provider, a.model, a.stopReason], ["anthropic", "claude-x", "toolUse"]);
  assert.deepEqual([a.usage.totalTokens, a.usage.cost.total], [8, 0.5]);
  assert.deepEqual(a.content[2], {
    type: "toolCall",
    id: "a",
    name: "read_file",
    arguments: { path: "x" },
  });
  assert.equal(stored.length, 4);
  const u = stored[0];
  assert.ok(u.role === "user" && Array.isArray(u.content));
  assert.deepEqual(u.content[1], { type: "image", data: "AAA=", mimeType: "image/png" });
  assert.deepEqual(toLlmMessages(stored), [user, assistant, tools]);
});

Deno.test("toTranscriptUsage() marks an unknown price so that reading it back has no cost", () => {
  const usage = { input: 3, output: 2, cacheRead: 0, cacheWrite: 0, total: 5 };
  const written = toTranscriptUsage(usage);
  assert.equal(written.costUnknown, true);
  assert.equal(written.cost.total, 0);
  assert.equal(fromTranscriptUsage(written).cost, undefined);
  const priced = toTranscriptUsage({ ...usage, cost: 0 });
  assert.equal(priced.costUnknown, undefined);
  assert.equal(fromTranscriptUsage(priced).cost, 0);
});
