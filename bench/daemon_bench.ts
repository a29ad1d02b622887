/**
 * Daemon figures, in one process (server and load generator share it, as 2 cores would): requests
 * per second for `/health` and `/api/memory/search` on loopback (2 concurrent clients, keep-alive),
 * then 100 concurrent SSE chats against a fake backend streaming 200 tokens each: completion, the
 * added latency per token (event emitted → `data:` line parsed by the client, p50/p99) and RSS;
 * then the same chats through the daemon's real backend (the agent's Session, transcripts written)
 * over a fake provider streaming 200 tokens (`agent_sse_*`).
 */
import { createHttpApp, type SendOptions } from "../src/channels/http/mod.ts";
import { createAgentChatBackend } from "../src/app/daemon/agent_backend.ts";
import type { StreamEvent } from "../src/core/mod.ts";
import type { StreamFn } from "../src/llm/mod.ts";
import { createTestAgent, createTestHttpDeps, FakeChatBackend } from "../tests/support/mod.ts";

const HEALTH_REQUESTS = 4000;
const SEARCH_REQUESTS = 1000;
const CLIENTS = 2;
const CHATS = 100;
const TOKENS = 200;
const TOKEN_INTERVAL_MS = 5;

/** A fake backend whose tokens carry the time they were emitted. */
class TimedBackend extends FakeChatBackend {
  override async send(sessionId: string, _text: string, options: SendOptions = {}) {
    for (let i = 0; i < TOKENS && !options.signal?.aborted; i++) {
      await new Promise((r) => setTimeout(r, TOKEN_INTERVAL_MS));
      options.onEvent?.({ type: "text_delta", text: `${performance.now().toFixed(3)} ` });
    }
    return { sessionId, model: "fake/fake-model", text: "" };
  }
}

/** A provider stream whose tokens carry the time they were emitted. */
const timedStream: StreamFn = async function* (_context, options) {
  yield { type: "start", provider: "fake", model: "fake/fake-model" } as StreamEvent;
  for (let i = 0; i < TOKENS && !options?.signal?.aborted; i++) {
    await new Promise((r) => setTimeout(r, TOKEN_INTERVAL_MS));
    yield { type: "text_delta", text: `${performance.now().toFixed(3)} ` } as StreamEvent;
  }
  yield {
    type: "done",
    stopReason: "stop",
    message: { role: "assistant", content: [{ type: "text", text: "" }], model: "fake-model" },
  } as StreamEvent;
};

/** 100 concurrent SSE chats through the agent backend; figures prefixed `agent_sse_`. */
async function agentChats() {
  await using agent = await createTestAgent();
  const backend = createAgentChatBackend({
    deps: { ...agent.deps, streamFor: () => Promise.resolve(timedStream) },
    defaultModel: "fake/fake-model",
  });
  await using t = await createTestHttpDeps({ backend });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const latencies: number[] = [];
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: CHATS }, () => chat(base, latencies)));
  const seconds = (performance.now() - started) / 1000;
  await backend.close();
  return {
    agent_sse_chats_complete: counts.filter((n) => n === TOKENS).length,
    agent_sse_wall_seconds: Math.round(seconds * 100) / 100,
    agent_sse_added_latency_p50_ms: percentile(latencies, 0.5),
    agent_sse_added_latency_p99_ms: percentile(latencies, 0.99),
    rss_mb_after_agent_chats: Math.round(Deno.memoryUsage().rss / 1024 / 1024),
  };
}

async function load(url: string, total: number): Promise<{ rps: number; p99_ms: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next++ < total) {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      samples.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { rps: Math.round(total / seconds), p99_ms: percentile(samples, 0.99) };
}

function percentile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 1000) / 1000;
}

async function chat(base: string, latencies: number[]): Promise<number> {
  const res = await fetch(`${base}/api/chat/stream`, {
    method: "POST",
    body: JSON.stringify({ message: "go" }),
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let tokens = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return tokens;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!frame.startsWith('data: {"type":"content"')) continue;
      const sent = Number(JSON.parse(frame.slice(6)).delta);
      latencies.push(performance.now() - sent);
      tokens++;
    }
  }
}

/** Runs the daemon benchmark. */
export default async function daemonBench() {
  const rssBefore = Deno.memoryUsage().rss;
  await using t = await createTestHttpDeps({ backend: new TimedBackend() });
  for (let i = 0; i < 200; i++) {
    await t.ws.write(
      `memory/note-${i}.md`,
      `# Note ${i}\n\nTopic ${i % 17} about gardening and bees ${i}.\n`,
    );
  }
  await t.memory.sync();
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const health = await load(`${base}/health`, HEALTH_REQUESTS);
  const search = await load(
    `${base}/api/memory/search?q=gardening%20bees&limit=10`,
    SEARCH_REQUESTS,
  );
  const rssServing = Deno.memoryUsage().rss;
  const latencies: number[] = [];
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: CHATS }, () => chat(base, latencies)));
  const chatSeconds = (performance.now() - started) / 1000;
  const rssAfter = Deno.memoryUsage().rss;
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  return {
    health_rps: health.rps,
    health_p99_ms: health.p99_ms,
    memory_search_rps: search.rps,
    memory_search_p99_ms: search.p99_ms,
    sse_chats: CHATS,
    sse_chats_complete: counts.filter((n) => n === TOKENS).length,
    sse_tokens_per_chat: TOKENS,
    sse_wall_seconds: Math.round(chatSeconds * 100) / 100,
    sse_added_latency_p50_ms: percentile(latencies, 0.5),
    sse_added_latency_p99_ms: percentile(latencies, 0.99),
    rss_mb_before: mb(rssBefore),
    rss_mb_after_load: mb(rssServing),
    rss_mb_after_chats: mb(rssAfter),
    ...await agentChats(),
  };
}
