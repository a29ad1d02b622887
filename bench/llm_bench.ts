/**
 * LLM streaming overhead: a 2,000-delta OpenAI-style reply served from 127.0.0.1 through the real
 * provider (SDK request, SSE parsing, event assembly), plus SSE parsing alone and token estimates.
 */
import { createOpenAiProvider, estimateTokens, parseSse } from "../src/llm/mod.ts";

const DELTAS = 2000;

function openAiStream(): string {
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${
      JSON.stringify({ id: "c", choices: [{ index: 0, delta, finish_reason: finish }] })
    }\n\n`;
  let body = "";
  for (let i = 0; i < DELTAS; i++) body += chunk({ content: `word${i} ` });
  return body + chunk({}, "stop") + "data: [DONE]\n\n";
}

async function median(runs: number, fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)] * 1000) / 1000;
}

export default async function () {
  const body = openAiStream();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response(body, { headers: { "content-type": "text/event-stream" } }),
  );
  const provider = createOpenAiProvider({
    name: "bench",
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    keyOptional: true,
  });
  const context = { messages: [{ role: "user" as const, content: "go" }] };
  const streamMs = await median(9, async () => {
    for await (const _ of provider.stream("m", context)) {
      // drain
    }
  });
  await server.shutdown();
  const bytes = new TextEncoder().encode(body);
  const parseMs = await median(9, async () => {
    for await (const _ of parseSse(ReadableStream.from([bytes]))) {
      // drain
    }
  });
  let run = 0;
  // A fresh string each run: V8 caches global-regex results per subject string.
  const estimateMs = await median(9, () => {
    const text = `${run++} The quick brown fox jumps over the lazy dog. `.repeat(20_000);
    return Promise.resolve(void estimateTokens(text));
  });
  return {
    stream_2000_deltas_ms: streamMs,
    per_delta_us: Math.round((streamMs / DELTAS) * 1000 * 10) / 10,
    parse_sse_2000_events_ms: parseMs,
    estimate_tokens_1mb_ms: estimateMs,
  };
}
