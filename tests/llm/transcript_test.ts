import assert from "node:assert/strict";
import type { Message } from "../../src/core/mod.ts";
import { MISSING_RESULT, normalizeTranscript } from "../../src/llm/mod.ts";

const call = (id: string, name = "read_file") => ({
  type: "tool_call" as const,
  id,
  name,
  arguments: "{}",
});
const result = (id: string, content: string) => ({
  type: "tool_result" as const,
  toolCallId: id,
  name: "read_file",
  content,
});

Deno.test("normalizeTranscript() moves a late tool result right after its call", () => {
  const messages: Message[] = [
    { role: "user", content: "go" },
    { role: "assistant", content: [call("c1")] },
    { role: "user", content: "interrupting" },
    { role: "tool", content: [result("c1", "done")] },
  ];
  assert.deepEqual(normalizeTranscript(messages).map((m) => m.role), [
    "user",
    "assistant",
    "tool",
    "user",
  ]);
});

Deno.test("normalizeTranscript() merges split results of parallel calls in call order", () => {
  const messages: Message[] = [
    { role: "assistant", content: [call("c1"), call("c2")] },
    { role: "tool", content: [result("c2", "two")] },
    { role: "tool", content: [result("c1", "one")] },
  ];
  const out = normalizeTranscript(messages);
  assert.equal(out.length, 2);
  assert.deepEqual(
    out[1].role === "tool" && out[1].content.map((r) => r.content),
    ["one", "two"],
  );
});

Deno.test("normalizeTranscript() answers a call without a result with an error result", () => {
  const out = normalizeTranscript([{ role: "assistant", content: [call("c1")] }]);
  assert.deepEqual(out[1], {
    role: "tool",
    content: [{
      type: "tool_result",
      toolCallId: "c1",
      name: "read_file",
      content: MISSING_RESULT,
      isError: true,
    }],
  });
});

Deno.test("normalizeTranscript() drops results whose call is not in the transcript", () => {
  const out = normalizeTranscript([
    { role: "user", content: "hi" },
    { role: "tool", content: [result("ghost", "boo")] },
  ]);
  assert.deepEqual(out.map((m) => m.role), ["user"]);
});
