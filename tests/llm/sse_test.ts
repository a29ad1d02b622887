import assert from "node:assert/strict";
import { parseNdjson, parseSse } from "../../src/llm/mod.ts";

function bytes(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(chunks.map((c) => encoder.encode(c)));
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

Deno.test("parseSse() joins data lines and keeps event names across chunk boundaries", async () => {
  const events = await all(parseSse(bytes("event: a\nda", "ta: 1\ndata: 2\n\n", "data: 3\n\n")));
  assert.deepEqual(events, [{ event: "a", data: "1\n2" }, { event: undefined, data: "3" }]);
});

Deno.test("parseSse() skips comments and handles CRLF line endings", async () => {
  const events = await all(parseSse(bytes(": keep-alive\r\n\r\ndata:x\r\n\r\n")));
  assert.deepEqual(events, [{ event: undefined, data: "x" }]);
});

Deno.test("parseSse() yields a final event without a trailing blank line", async () => {
  assert.deepEqual(await all(parseSse(bytes("data: end"))), [{ event: undefined, data: "end" }]);
});

Deno.test("parseSse() decodes a multi-byte character split between chunks", async () => {
  const encoded = new TextEncoder().encode("data: é\n\n");
  const stream = ReadableStream.from([encoded.slice(0, 7), encoded.slice(7)]);
  assert.deepEqual(await all(parseSse(stream)), [{ event: undefined, data: "é" }]);
});

Deno.test("parseNdjson() yields non-empty lines", async () => {
  assert.deepEqual(await all(parseNdjson(bytes('{"a":1}\n\n{"b"', ":2}\n"))), [
    '{"a":1}',
    '{"b":2}',
  ]);
});
