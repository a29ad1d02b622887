/**
 * Bench-only: the same generation as LocalGPT's embedded provider (plain prompt, greedy, one
 * sequence) but under Node.js, straight through node-llama-cpp, for bench/local_model_bench.ts.
 * `node bench.mjs --model <file.gguf> --threads 1 --max-tokens 256 --prompt "…" --runs 5` prints
 * one JSON line: {"load_ms", "first_token_ms": [...], "tokens_per_s": [...], "tokens": [...]}.
 */
import { parseArgs } from "node:util";

import { getCpuLlama } from "./llama.mjs";
const { values } = parseArgs({
  options: {
    model: { type: "string" },
    threads: { type: "string", default: "1" },
    "max-tokens": { type: "string", default: "256" },
    prompt: { type: "string", default: "Once upon a time" },
    runs: { type: "string", default: "5" },
  },
});
const maxTokens = Number(values["max-tokens"]);
const started = performance.now();
const llama = await getCpuLlama();
const model = await llama.loadModel({ modelPath: values.model });
const contextSize = Math.min(model.trainContextSize, 8192);
const context = await model.createContext({ contextSize, threads: Number(values.threads) });
const sequence = context.getSequence();
const loadMs = performance.now() - started;
const out = { load_ms: loadMs, first_token_ms: [], tokens_per_s: [], tokens: [] };
for (let run = 0; run < Number(values.runs); run++) {
  const t0 = performance.now();
  const input = model.tokenize(values.prompt);
  await sequence.clearHistory();
  const tokens = [];
  let sent = "";
  let first = 0;
  for await (const token of sequence.evaluate(input, { temperature: 0 })) {
    if (model.isEogToken(token)) break;
    tokens.push(token);
    const text = model.detokenize(tokens);
    if (!text.endsWith("\uFFFD") && text.length > sent.length) {
      if (!first) first = performance.now();
      sent = text;
    }
    if (tokens.length >= Math.min(maxTokens, contextSize / 2)) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  out.first_token_ms.push(first - t0);
  out.tokens_per_s.push(tokens.length / seconds);
  out.tokens.push(tokens.length);
}
console.log(JSON.stringify(out));
await context.dispose();
await model.dispose();
