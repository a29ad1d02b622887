/**
 * Memory figures: no-op reindex of 1000 files, keyword and hybrid search latency at 10k and 50k
 * chunks (synthetic chunks and 384-dim vectors written straight into the index; the query vector
 * is precomputed, so query embedding is excluded), embedding throughput of the test model, the
 * index size per 1k chunks, and session transcript indexing (first sync of 200 transcripts, a
 * sync after one exchange was appended to one of them, a no-op sync).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chunkMarkdown,
  createLocalEmbedder,
  type Embedder,
  openMemoryIndex,
  searchMemory,
  syncMemory,
  syncSessions,
} from "../src/memory/mod.ts";

const MODEL_DIR = fileURLToPath(new URL("../../shared/models", import.meta.url));
const MODEL = "localgpt-test/wordnet-mini-64";
const DIMS = 384;
const QUERIES = 200;

let seed = 42;
const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const VOCAB = Array.from({ length: 8000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`);
const word = () => VOCAB[Math.floor(VOCAB.length * random() ** 2)];
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");

function unitVector(): Float32Array {
  const v = Float32Array.from({ length: DIMS }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 1000) / 1000;
  return { p50_ms: at(0.5), p95_ms: at(0.95) };
}

async function dirSize(path: string): Promise<number> {
  let total = 0;
  for (const suffix of ["", "-wal"]) {
    total += (await Deno.stat(path + suffix).catch(() => null))?.size ?? 0;
  }
  return total;
}

async function noopReindex(root: string, nativeDir: string, embedder: Embedder) {
  const workspace = join(root, "ws1000");
  for (let i = 0; i < 1000; i++) {
    const path = join(workspace, "memory", `d${i % 20}`, `note${i}.md`);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, `# Note ${i}\n${sentence(80)}\n`);
  }
  const index = await openMemoryIndex(join(root, "ws1000.sqlite"), { nativeDir });
  const files = { workspace };
  const first = await syncMemory(index, { files, embedder });
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await syncMemory(index, { files, embedder });
    runs.push(performance.now() - t);
    if (r.changed || r.embedded) throw new Error("no-op reindex changed something");
  }
  index.close();
  return {
    files: 1000,
    initial_index_ms: first.ms,
    noop_reindex_ms: stats(runs).p50_ms,
    embedded_chunks: first.embedded,
    embed_chunks_per_s: Math.round(first.embedded / (first.ms / 1000)),
  };
}

async function searchAt(root: string, nativeDir: string, chunks: number) {
  const path = join(root, `search${chunks}.sqlite`);
  const index = await openMemoryIndex(path, { nativeDir });
  const query = unitVector();
  const embedder: Embedder = {
    provider: "bench",
    model: "fixed",
    key: "bench:fixed",
    check: () => Promise.resolve({ ok: true }),
    embed: (texts) => Promise.resolve(texts.map(() => query)),
  };
  index.useVectorModel(embedder.key, DIMS);
  const perFile = 10;
  for (let f = 0; f < chunks / perFile; f++) {
    const text = Array.from({ length: perFile * 6 }, () => sentence(10)).join("\n");
    const parts = chunkMarkdown(text, { chunkSize: 40, chunkOverlap: 0 }).slice(0, perFile);
    index.replaceFile(`memory/f${f}.md`, { hash: String(f), mtime: 0, size: 0 }, parts);
  }
  const pending = index.pendingChunks(embedder.key, chunks);
  for (let i = 0; i < pending.length; i += 1000) {
    index.storeVectors(
      embedder.key,
      pending.slice(i, i + 1000).map((c) => ({ ...c, vector: unitVector() })),
    );
  }
  index.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const count = index.counts().chunks;
  const result: Record<string, unknown> = { chunks: count };
  for (const mode of ["keyword", "hybrid"] as const) {
    const samples: number[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES + 10; i++) {
      const q = `${word()} ${word()}`;
      const t = performance.now();
      const res = await searchMemory(index, q, { mode, embedder, limit: 6 });
      if (i >= 10) samples.push(performance.now() - t);
      hits += res.results.length;
    }
    result[mode] = { ...stats(samples), mean_results: Math.round(hits / (QUERIES + 10) * 10) / 10 };
  }
  index.close();
  result.index_bytes_per_1k_chunks = Math.round((await dirSize(path)) / (count / 1000));
  return result;
}

const SESSIONS = 200;
const EXCHANGES = 20;

function messageLine(role: "user" | "assistant", text: string): string {
  const content = role === "user" ? text : [{ type: "text", text }];
  return JSON.stringify({ type: "message", id: "x", message: { role, content, timestamp: 0 } });
}

function exchange(): string {
  return `${messageLine("user", sentence(15))}\n${messageLine("assistant", sentence(60))}\n`;
}

async function sessionIndexing(root: string, nativeDir: string) {
  const dir = join(root, "sessions");
  await Deno.mkdir(dir);
  let bytes = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const header = JSON.stringify({
      type: "session",
      version: 3,
      id: `s${s}`,
      timestamp: "",
      cwd: "",
    });
    const text = `${header}\n${Array.from({ length: EXCHANGES }, exchange).join("")}`;
    bytes += text.length;
    await Deno.writeTextFile(join(dir, `s${s}.jsonl`), text);
  }
  const index = await openMemoryIndex(join(root, "sessions.sqlite"), { nativeDir });
  const time = async () => {
    const t = performance.now();
    const result = await syncSessions(index, { dir });
    return { ms: Math.round((performance.now() - t) * 10) / 10, changed: result.changed };
  };
  const first = await time();
  await Deno.writeTextFile(join(dir, "s7.jsonl"), exchange(), { append: true });
  const append = await time();
  const noop = await time();
  const chunks = index.counts().sessionChunks;
  index.close();
  if (append.changed !== 1 || noop.changed !== 0) throw new Error("session sync read too much");
  return {
    sessions: SESSIONS,
    messages_per_session: EXCHANGES * 2,
    transcript_mib: Math.round(bytes / 2 ** 20 * 10) / 10,
    chunks,
    first_sync_ms: first.ms,
    append_sync_ms: append.ms,
    noop_sync_ms: noop.ms,
  };
}

/** Runs every figure (about a minute). */
export default async function memoryBench() {
  const root = await Deno.makeTempDir({ prefix: "localgpt-bench-memory-" });
  const nativeDir = join(root, "native");
  try {
    const embedder = createLocalEmbedder({
      model: MODEL,
      modelDir: MODEL_DIR,
      allowDownload: false,
      nativeDir,
    });
    return {
      reindex_1000_files: await noopReindex(root, nativeDir, embedder),
      search_10k: await searchAt(root, nativeDir, 10_000),
      search_50k: await searchAt(root, nativeDir, 50_000),
      session_index: await sessionIndexing(root, nativeDir),
      vector_dims: DIMS,
    };
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
