/** Start-up time of `localgpt --version` and `--help` under `deno run` with the real permission set. */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = 15;

async function timeRun(args: string[]): Promise<number> {
  const start = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-P=localgpt", `--config=${ROOT}deno.json`, `${ROOT}main.ts`, ...args],
    stdout: "null",
    stderr: "null",
  }).output();
  if (!out.success) throw new Error(`localgpt ${args.join(" ")} exited ${out.code}`);
  return performance.now() - start;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    runs: samples.length,
    p50_ms: round(at(0.5)),
    p95_ms: round(at(0.95)),
    min_ms: round(sorted[0]),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Measures both commands (after one warm-up run each, so module caches are filled). */
export default async function startup() {
  const result: Record<string, unknown> = {};
  for (const args of [["--version"], ["--help"]]) {
    await timeRun(args);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await timeRun(args));
    result[args[0]] = stats(samples);
  }
  return result;
}
