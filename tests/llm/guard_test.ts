import assert from "node:assert/strict";
import type { StreamEvent } from "../../src/core/mod.ts";
import { guardStream, type RawEvent } from "../../src/llm/_guard.ts";
import { collectEvents } from "../support/mod.ts";

const info = { provider: "p", api: "openai" as const, model: "gpt-4o" };

Deno.test("guardStream() turns a throwing adapter into a terminal error event", async () => {
  const events = await collectEvents(
    guardStream(info, async function* (): AsyncGenerator<RawEvent> {
      yield { type: "text_delta", text: "a" };
      throw new TypeError("fetch failed: connection reset");
    }),
  );
  assert.deepEqual(events.map((e) => e.type), ["start", "text_delta", "error"]);
  const end = events.at(-1);
  assert.ok(end?.type === "error" && end.error.kind === "network");
});

Deno.test("guardStream() reports a stream that ends without its end marker as a network error", async () => {
  const events = await collectEvents(
    guardStream(info, async function* (): AsyncGenerator<RawEvent> {
      yield { type: "text_delta", text: "half" };
    }),
  );
  const end = events.at(-1);
  assert.ok(end?.type === "error");
  assert.match(end.error.message, /ended before the reply was complete/);
});

Deno.test("guardStream() stops waiting on a blocked adapter when the signal aborts", async () => {
  const controller = new AbortController();
  const never = new Promise<never>(() => {});
  const stream = guardStream({ ...info, signal: controller.signal }, async function* () {
    yield { type: "text_delta", text: "x" } as RawEvent;
    await never;
  });
  const events: StreamEvent[] = [];
  for await (const e of stream) {
    events.push(e);
    if (e.type === "text_delta") controller.abort();
  }
  const end = events.at(-1);
  assert.ok(end?.type === "error" && end.error.kind === "aborted");
});

Deno.test("guardStream() merges partial usage, prices it and marks tool use as the stop reason", async () => {
  const events = await collectEvents(
    guardStream(info, async function* (): AsyncGenerator<RawEvent> {
      yield { type: "usage", usage: { input: 1_000_000 } };
      yield {
        type: "tool_call",
        call: { type: "tool_call", id: "c", name: "read_file", arguments: "{}" },
      };
      yield { type: "usage", usage: { output: 1_000_000 } };
      yield { type: "end", stopReason: "stop" };
    }),
  );
  const usage = events.find((e) => e.type === "usage");
  assert.ok(usage?.type === "usage");
  assert.deepEqual(usage.usage, {
    input: 1_000_000,
    output: 1_000_000,
    cacheRead: 0,
    cacheWrite: 0,
    total: 2_000_000,
    cost: 12.5,
  });
  const done = events.at(-1);
  assert.ok(done?.type === "done" && done.stopReason === "tool_use");
});
