import assert from "node:assert/strict";
import { sseResponse } from "../../../src/channels/http/mod.ts";

Deno.test("sseResponse() ends the stream when run() throws", async () => {
  const res = sseResponse(async (sse) => {
    sse.send({ a: 1 });
    await Promise.resolve();
    throw new Error("boom");
  }, { keepAliveMs: 1000 });
  assert.equal(await res.text(), 'data: {"a":1}\n\n');
});

Deno.test("sseResponse() aborts its signal when the client cancels the body", async () => {
  let signal: AbortSignal | undefined;
  const res = sseResponse(async (sse) => {
    signal = sse.signal;
    await new Promise((resolve) => sse.signal.addEventListener("abort", resolve));
  }, { keepAliveMs: 1000 });
  await res.body!.cancel();
  assert.equal(signal?.aborted, true);
});
