/**
 * The embedded provider (`local/stories260K`, node-llama-cpp in-process under Deno) against the
 * same model, prompt, thread count and decoding straight through node-llama-cpp under Node.js
 * (tests/support/real_model/bench.mjs), in one run: model load time, time to first token and
 * tokens/s (median of 5 warm runs, up to 256 tokens each). The Deno side goes through the whole
 * provider (guard, events), so its figure includes LocalGPT's overhead. Needs Node.js and the test
 * runtime for the Node figure (see REAL_MODEL_INSTALL); the Deno figure needs only the model file.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalProvider, loadLocalModel, unloadLocalModel } from "../src/llm/mod.ts";
import { REAL_MODEL_FILE, realModelSkipReason } from "../tests/support/mod.ts";

const MAX_TOKENS = 256;
const RUNS = 5;
const THREADS = 1;
const PROMPT = "Once upon a time";

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (n: number) => Math.round(n * 10) / 10;

async function embedded() {
  await unloadLocalModel();
  const settings = { threads: THREADS, gpu: "off" as const };
  const loadMs = await loadLocalModel(REAL_MODEL_FILE, settings);
  const provider = createLocalProvider({
    modelsDir: dirname(REAL_MODEL_FILE),
    threads: THREADS,
    gpu: "off",
  });
  const context = { messages: [{ role: "user" as const, content: PROMPT }] };
  const runs: { firstTokenMs: number; tokensPerSecond: number; tokens: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    let first = 0;
    let tokens = 0;
    for await (const e of provider.stream("stories260K", context, { maxTokens: MAX_TOKENS })) {
      if (e.type === "text_delta" && !first) first = performance.now();
      if (e.type === "usage") tokens = e.usage.output;
      if (e.type === "error") throw e.error;
    }
    runs.push({
      firstTokenMs: first - start,
      tokensPerSecond: tokens / ((performance.now() - start) / 1000),
      tokens,
    });
  }
  await unloadLocalModel();
  return {
    load_ms: round(loadMs),
    first_token_ms: round(median(runs.map((r) => r.firstTokenMs))),
    tokens_per_s: round(median(runs.map((r) => r.tokensPerSecond))),
    tokens_per_reply: runs[0].tokens,
  };
}

async function underNode() {
  const dir = fileURLToPath(new URL("../tests/support/real_model/", import.meta.url));
  const out = await new Deno.Command("node", {
    args: [
      join(dir, "bench.mjs"),
      `--model=${REAL_MODEL_FILE}`,
      `--threads=${THREADS}`,
      `--max-tokens=${MAX_TOKENS}`,
      `--prompt=${PROMPT}`,
      `--runs=${RUNS}`,
    ],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  const r = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    load_ms: number;
    first_token_ms: number[];
    tokens_per_s: number[];
    tokens: number[];
  };
  return {
    load_ms: round(r.load_ms),
    first_token_ms: round(median(r.first_token_ms)),
    tokens_per_s: round(median(r.tokens_per_s)),
    tokens_per_reply: r.tokens[0],
  };
}

export default async function () {
  const deno = await embedded();
  const skip = realModelSkipReason();
  const node = skip ? { skipped: skip } : await underNode();
  return {
    model: "stories260K",
    threads: THREADS,
    prompt: PROMPT,
    embedded_deno: deno,
    node_llama_cpp_node: node,
    tokens_per_s_ratio: "tokens_per_s" in node
      ? round((deno.tokens_per_s / node.tokens_per_s) * 100) / 100
      : null,
  };
}
