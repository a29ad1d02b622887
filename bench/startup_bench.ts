/**
 * Start-up figures under `deno run` with the real permission set (after one warm-up run each, so
 * module caches are filled): `--version` against a `deno run` of an empty file, `--help`, and on a
 * 1000-file workspace `memory search` end to end (with its incremental sync) and a no-op
 * `memory reindex` while the embedding model is not downloaded (its download fails: the failure
 * is remembered, so the commands after the first one do not load transformers.js again).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTempHome, type TempHome } from "../tests/support/home.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = 15;
const FILES = 1000;

async function timeRun(args: string[], env?: Record<string, string>): Promise<number> {
  const start = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    env,
    stdout: "null",
    stderr: "null",
  }).output();
  if (!out.success) throw new Error(`deno ${args.join(" ")} exited ${out.code}`);
  return performance.now() - start;
}

const localgpt = (args: string[]) => [
  "run",
  "-q",
  "-P=localgpt",
  `--config=${ROOT}deno.json`,
  `${ROOT}main.ts`,
  ...args,
];

/**
 * Runs `b` alternating with the baseline `a`: a busy machine slows both alike, so `ratio` (p50 of
 * `b` over p50 of `a`) stays comparable between runs where the milliseconds do not.
 */
async function measureAgainst(a: string[], b: string[], env?: Record<string, string>) {
  await timeRun(a);
  await timeRun(b, env);
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    samples[0].push(await timeRun(a));
    samples[1].push(await timeRun(b, env));
  }
  const [base, run] = [stats(samples[0]), stats(samples[1])];
  return {
    ...run,
    empty_p50_ms: base.p50_ms,
    ratio: Math.round(run.p50_ms / base.p50_ms * 100) / 100,
  };
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

/** Fills a temp home's workspace with `FILES` notes; the model is missing and cannot download. */
async function fillWorkspace(home: TempHome): Promise<void> {
  // A closed local port: the download fails at once, as with no network.
  await home.writeConfig('[memory.embedding]\nremote_host = "http://127.0.0.1:9/"\n');
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  for (let i = 0; i < FILES; i++) {
    const path = join(ws, "memory", `d${i % 20}`, `note${i}.md`);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, `# Note ${i}\nalpha beta gamma item${i} lorem ipsum ${i * 7}\n`);
  }
}

/**
 * Every figure. Each command runs alternating with `deno run` of an empty file; `ratio` is its
 * p50 over the empty run's p50 (target for `--version`: ≤ 1.5).
 */
export default async function startup() {
  await using home = await createTempHome();
  const empty = ["run", "-q", join(home.root, "empty.ts")];
  await Deno.writeTextFile(empty[2], "");
  const result: Record<string, unknown> = {};
  result["--version"] = await measureAgainst(empty, localgpt(["--version"]));
  result["--help"] = await measureAgainst(empty, localgpt(["--help"]));
  await fillWorkspace(home);
  const env = home.vars;
  // The first reindex builds the index and tries (and fails) to download the model.
  await timeRun(localgpt(["memory", "reindex"]), env);
  result[`memory_search_${FILES}_files`] = await measureAgainst(
    empty,
    localgpt(["memory", "search", "alpha", "item7"]),
    env,
  );
  result[`memory_reindex_noop_${FILES}_files`] = await measureAgainst(
    empty,
    localgpt(["memory", "reindex"]),
    env,
  );
  return result;
}
