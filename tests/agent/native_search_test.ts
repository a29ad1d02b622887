import assert from "node:assert/strict";
import type { SessionEvent } from "../../src/agent/mod.ts";
import type { AssistantMessage, NativeSearch, StreamEvent } from "../../src/core/mod.ts";
import { createRenderer, makeStyles } from "../../src/channels/cli/mod.ts";
import { createTestAgent } from "../support/mod.ts";

const SEARCH: NativeSearch = {
  id: "srvtoolu_1",
  query: "deno 2.9",
  results: [{ title: "Deno 2.9 release notes", url: "https://deno.com/blog/v2.9" }],
};
const CITATION = { url: "https://deno.com/blog/v2.9", title: "Deno 2.9 release notes" };

function nativeReply(): StreamEvent[] {
  const message: AssistantMessage = {
    role: "assistant",
    content: [{ type: "text", text: "It has a faster checker." }],
    model: "fake/fake-model",
    webSearches: [SEARCH],
    citations: [CITATION],
  };
  return [
    { type: "start", provider: "fake", model: "fake-model" },
    { type: "web_search", search: SEARCH },
    { type: "text_delta", text: "It has a faster checker." },
    { type: "done", stopReason: "stop", message },
  ];
}

Deno.test("Session.send() shows a native search as a web_search tool block and saves it", async () => {
  await using t = await createTestAgent([nativeReply()]);
  const session = await t.open();
  const events: SessionEvent[] = [];
  await session.send("what is new?", { onEvent: (e) => events.push(e) });
  const start = events.find((e) => e.type === "tool_start");
  const end = events.find((e) => e.type === "tool_end");
  assert.ok(start?.type === "tool_start" && end?.type === "tool_end");
  assert.deepEqual([start.name, start.detail, start.native], ["web_search", "deno 2.9", true]);
  assert.match(end.output, /\*\*Search results for:\*\* deno 2\.9/);
  assert.match(
    end.output,
    /1\. \*\*Deno 2\.9 release notes\*\*\n {3}https:\/\/deno\.com\/blog\/v2\.9/,
  );
  const cites = events.find((e) => e.type === "citations");
  assert.deepEqual(cites, { type: "citations", citations: [CITATION] });
  const transcript = await t.store.read(session.id);
  const saved = transcript.entries.flatMap((e) =>
    e.type === "message" && e.message.role === "assistant" ? [e.message] : []
  );
  assert.deepEqual(saved[0].webSearches, [SEARCH]);
  assert.deepEqual(saved[0].citations, [CITATION]);
  assert.equal(t.provider.calls.length, 1, "a native search runs no client tool");
  await session.close();
});

Deno.test("createRenderer() prints native search hits and the sources a reply cites", () => {
  let out = "";
  const render = createRenderer((s) => (out += s), makeStyles(false));
  render({
    type: "tool_start",
    id: "s",
    name: "web_search",
    args: {},
    detail: "deno",
    native: true,
  });
  render({
    type: "tool_end",
    id: "s",
    name: "web_search",
    output: "**Search results for:** deno\n\n1. **Deno**\n   https://deno.com/",
    isError: false,
    warnings: [],
    durationMs: 0,
    native: true,
  });
  render({ type: "text_delta", text: "Deno is a runtime." });
  render({ type: "citations", citations: [CITATION] });
  assert.equal(
    out,
    "[web_search: deno]\n  Deno — https://deno.com/\nDeno is a runtime.\nSources:\n" +
      "  [1] Deno 2.9 release notes — https://deno.com/blog/v2.9\n",
  );
});
