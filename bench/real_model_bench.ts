/**
 * Real local model throughput: stories260K.gguf generating through node-llama-cpp's prebuilt CPU
 * binary behind the test OpenAI-compatible server, read through LocalGPT's openai provider
 * (streaming) and, for comparison, straight from the server without streaming. Up to 256 tokens
 * per reply, greedy decoding; median of 5 runs. Needs the test runtime (see REAL_MODEL_INSTALL).
 */
import { createOpenAiProvider } from "../src/llm/mod.ts";
import { REAL_MODEL_ID, realModelSkipReason, startRealModelServer } from "../tests/support/mod.ts";

const MAX_TOKENS = 256;
const RUNS = 5;
const PROMPT = "Once upon a time";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const round = (n: number) => Math.round(n * 10) / 10;

export default async function () {
  const skip = realModelSkipReason();
  if (skip) return { skipped: skip };
  await using server = await startRealModelServer(MAX_TOKENS);
  const provider = createOpenAiProvider({
    name: "openai_compatible",
    baseUrl: `${server.url}/v1`,
    keyOptional: true,
  });
  const context = { messages: [{ role: "user" as const, content: PROMPT }] };
  const streamed: { tokensPerSecond: number; firstTokenMs: number; tokens: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    let first = 0;
    let tokens = 0;
    for await (const e of provider.stream(REAL_MODEL_ID, context)) {
      if (e.type === "text_delta" && !first) first = performance.now();
      if (e.type === "usage") tokens = e.usage.output;
    }
    const seconds = (performance.now() - start) / 1000;
    streamed.push({ tokensPerSecond: tokens / seconds, firstTokenMs: first - start, tokens });
  }
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const body = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: REAL_MODEL_ID, messages: context.messages }),
    }).then((r) => r.json());
    direct.push(body.usage.completion_tokens / ((performance.now() - start) / 1000));
  }
  return {
    model: REAL_MODEL_ID,
    tokens_per_reply: streamed[0].tokens,
    provider_stream_tokens_per_s: round(median(streamed.map((s) => s.tokensPerSecond))),
    provider_first_token_ms: round(median(streamed.map((s) => s.firstTokenMs))),
    server_direct_tokens_per_s: round(median(direct)),
  };
}
