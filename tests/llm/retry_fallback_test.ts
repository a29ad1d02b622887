import assert from "node:assert/strict";
import { ProviderError, type StreamEvent } from "../../src/core/mod.ts";
import { createFallbackStream, retryStream } from "../../src/llm/mod.ts";
import { collectEvents, textReply } from "../support/mod.ts";

const start: StreamEvent = { type: "start", provider: "p", model: "m" };
const fail = (kind: ProviderError["kind"], retryAfterMs?: number): StreamEvent[] => [
  start,
  { type: "error", error: new ProviderError(kind, `Cannot stream: ${kind}`, { retryAfterMs }) },
];

async function* from(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const e of events) yield await Promise.resolve(e);
}

function scripted(...replies: StreamEvent[][]) {
  let calls = 0;
  return { attempt: () => from(replies[calls++]), calls: () => calls };
}

const noSleep = (delays: number[]) => ({
  sleep: (ms: number) => Promise.resolve(void delays.push(ms)),
  random: () => 0,
});

Deno.test("retryStream() doubles the delay on each retry", async () => {
  const s = scripted(fail("server"), fail("server"), fail("server"), textReply("ok"));
  const delays: number[] = [];
  const events = await collectEvents(retryStream(s.attempt, noSleep(delays)));
  assert.deepEqual(delays, [1000, 2000, 4000]);
  assert.equal(events.at(-1)?.type, "done");
});

Deno.test("retryStream() gives up after maxRetries and yields the last error", async () => {
  const s = scripted(fail("network"), fail("network"));
  const events = await collectEvents(retryStream(s.attempt, { ...noSleep([]), maxRetries: 1 }));
  assert.equal(s.calls(), 2);
  assert.ok(events.at(-1)?.type === "error");
});

Deno.test("retryStream() does not retry auth or context_overflow errors", async () => {
  for (const kind of ["auth", "context_overflow"] as const) {
    const s = scripted(fail(kind), textReply("never"));
    const events = await collectEvents(retryStream(s.attempt, noSleep([])));
    assert.equal(s.calls(), 1, kind);
    assert.ok(events.at(-1)?.type === "error");
  }
});

Deno.test("retryStream() returns the error instead of waiting a retry-after above maxDelayMs", async () => {
  const s = scripted(fail("rate_limit", 3_600_000), textReply("later"));
  const delays: number[] = [];
  const events = await collectEvents(
    retryStream(s.attempt, { ...noSleep(delays), maxDelayMs: 60_000 }),
  );
  assert.deepEqual(delays, []);
  assert.ok(events.at(-1)?.type === "error");
});

Deno.test("retryStream() does not retry once text has been streamed", async () => {
  const s = scripted(
    [start, { type: "text_delta", text: "Hal" }, ...fail("server").slice(1)],
    textReply("again"),
  );
  const events = await collectEvents(retryStream(s.attempt, noSleep([])));
  assert.equal(s.calls(), 1);
  assert.deepEqual(events.map((e) => e.type), ["start", "text_delta", "error"]);
});

Deno.test("createFallbackStream() moves to the next model and cools the failed one down", async () => {
  let now = 1_000;
  const tried: string[] = [];
  const replies: Record<string, StreamEvent[]> = { a: fail("rate_limit"), b: textReply("from b") };
  const stream = createFallbackStream(["a", "b"], (id) => {
    tried.push(id);
    return from(replies[id]);
  }, { now: () => now, cooldownMs: 60_000 });
  const first = await collectEvents(stream({ messages: [] }));
  assert.equal(first.at(-1)?.type, "done");
  assert.deepEqual(tried, ["a", "b"]);
  await collectEvents(stream({ messages: [] }));
  assert.deepEqual(tried, ["a", "b", "b"]);
  now += 60_001;
  replies.a = textReply("a is back");
  await collectEvents(stream({ messages: [] }));
  assert.deepEqual(tried, ["a", "b", "b", "a"]);
});

Deno.test("createFallbackStream() yields the last model's error when every model fails", async () => {
  const stream = createFallbackStream(
    ["a", "b"],
    (id) => from(fail(id === "a" ? "server" : "auth")),
  );
  const events = await collectEvents(stream({ messages: [] }));
  const end = events.at(-1);
  assert.ok(end?.type === "error");
  assert.equal(end.error.kind, "auth");
  assert.equal(events.filter((e) => e.type === "start").length, 1);
});

Deno.test("createFallbackStream() does not fall back after an abort", async () => {
  const tried: string[] = [];
  const stream = createFallbackStream(["a", "b"], (id) => {
    tried.push(id);
    return from(fail("aborted"));
  });
  await collectEvents(stream({ messages: [] }));
  assert.deepEqual(tried, ["a"]);
});

Deno.test("createFallbackStream() tries every model when all are cooling down", async () => {
  const cooldowns = new Map([["a", Infinity], ["b", Infinity]]);
  const tried: string[] = [];
  const stream = createFallbackStream(["a", "b"], (id) => {
    tried.push(id);
    return from(textReply("ok"));
  }, { cooldowns });
  await collectEvents(stream({ messages: [] }));
  assert.deepEqual(tried, ["a"]);
});
