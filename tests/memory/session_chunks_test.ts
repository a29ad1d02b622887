import assert from "node:assert/strict";
import {
  groupExchanges,
  MESSAGE_CHARS,
  parseSessionLine,
  sessionChunk,
  sessionKind,
  type SessionMessage,
} from "../../src/memory/mod.ts";
import { assistantMessage, toolResult, userMessage } from "../support/mod.ts";

const line = (message: unknown) => JSON.stringify({ type: "message", id: "a", message });

Deno.test("parseSessionLine() keeps user and assistant text, collapsed and cut to 500 chars", () => {
  assert.deepEqual(parseSessionLine(line(userMessage("Book  the\ntrain")), 2), {
    role: "user",
    text: "Book the train",
    line: 2,
  });
  const reply = parseSessionLine(line(assistantMessage("x".repeat(900), { toolCall: "bash" })), 3);
  assert.equal(reply?.role, "assistant");
  assert.equal(reply?.text.length, MESSAGE_CHARS);
  assert.ok(reply?.text.endsWith("…"));
});

Deno.test("parseSessionLine() skips tool results, other entries, empty replies and bad JSON", () => {
  assert.equal(parseSessionLine(line(toolResult("secret output")), 2), undefined);
  assert.equal(
    parseSessionLine(JSON.stringify({ type: "compaction", summary: "s" }), 2),
    undefined,
  );
  assert.equal(parseSessionLine(line({ role: "assistant", content: [] }), 2), undefined);
  assert.equal(parseSessionLine("{not json", 2), undefined);
  assert.equal(parseSessionLine("[1]", 2), undefined);
});

Deno.test("sessionKind() reads the header's kind and ignores anything else", () => {
  assert.equal(sessionKind('{"type":"session","id":"a","kind":"heartbeat"}'), "heartbeat");
  assert.equal(sessionKind('{"type":"session","id":"a"}'), undefined);
  assert.equal(sessionKind("garbage"), undefined);
});

Deno.test("groupExchanges() closes a chunk after three exchanges and keeps the last one open", () => {
  const m = (role: "user" | "assistant", n: number): SessionMessage => ({
    role,
    text: `${n}`,
    line: n,
  });
  const messages = [
    m("user", 2),
    m("assistant", 3),
    m("assistant", 4),
    m("user", 5),
    m("assistant", 6),
    m("user", 7),
    m("user", 8),
    m("assistant", 9),
  ];
  const { closed, open } = groupExchanges(messages);
  assert.deepEqual(closed.map((g) => g.map((x) => x.line)), [[2, 3, 4, 5, 6, 7]]);
  assert.deepEqual(open.map((x) => x.line), [8, 9]);
  assert.deepEqual(groupExchanges([]), { closed: [], open: [] });
  // A reply before any user message starts the first exchange.
  assert.equal(groupExchanges([m("assistant", 2), m("user", 3)]).open.length, 2);
});

Deno.test("sessionChunk() labels the speakers and spans the JSONL lines of its messages", () => {
  const chunk = sessionChunk([
    { role: "user", text: "Where is the key?", line: 4 },
    { role: "assistant", text: "Under the mat.", line: 6 },
  ]);
  assert.equal(chunk.text, "User: Where is the key?\nAssistant: Under the mat.");
  assert.equal(chunk.startLine, 4);
  assert.equal(chunk.endLine, 6);
  assert.match(chunk.hash, /^[0-9a-f]{64}$/);
});
