/** Memory search: the keyword leg (FTS5), the vector leg (vec0), hybrid ranking, snippets. */
import { errorMessage } from "../core/mod.ts";
import type { Embedder } from "./embedder.ts";
import { ftsQuery } from "./fts_text.ts";
import {
  applyDecay,
  type KeywordHit,
  mergeHybrid,
  rankKeyword,
  rankVector,
  selectTop,
  type VectorHit,
} from "./hybrid.ts";
import type { ChunkRow, MemoryIndex } from "./memory_index.ts";

/** How to search. */
export type SearchMode = "hybrid" | "keyword" | "vector";

/** Options of `searchMemory()`. */
export interface SearchOptions {
  /** Default: 6. */
  limit?: number;
  /** Default: 0. */
  minScore?: number;
  /** Default: hybrid. Falls back to keyword when no vectors are available. */
  mode?: SearchMode;
  embedder?: Embedder;
  /** Default: 0.3 / 0.7. */
  textWeight?: number;
  vectorWeight?: number;
  /** Candidates per leg = limit × this (at least 20, at most 200). Default: 4. */
  candidateMultiplier?: number;
  /** Score decay per day for dated daily notes; 0 = off. */
  decayLambda?: number;
  /** Clock for decay. Default: Date.now(). */
  now?: number;
  /** Only chunks of this source (`memory` or `sessions`). Default: every source. */
  source?: string;
}

/** One hit. */
export interface SearchResult {
  /** Workspace-relative path. */
  path: string;
  start_line: number;
  end_line: number;
  /** 0..1, higher is better. */
  score: number;
  /** At most 700 characters of the chunk. */
  snippet: string;
  /** `memory` (workspace files) or `sessions` (transcripts, path `sessions/<id>.jsonl`). */
  source: string;
  /** Headings above the chunk, outermost first. */
  headings: string[];
  /** `path#Lstart-Lend`. */
  citation: string;
}

/** What `searchMemory()` returns: results and how they were found. */
export interface SearchResponse {
  /** The mode actually used. */
  mode: SearchMode;
  /** Why the requested mode was not possible (e.g. no model), when it fell back to keyword. */
  reason?: string;
  /** `<provider>:<model>` of the vectors, in hybrid and vector mode. */
  model?: string;
  results: SearchResult[];
}

/** Max snippet length in characters. */
export const SNIPPET_CHARS = 700;

/** Searches the index; never throws for any query text, and degrades to keyword search. */
export async function searchMemory(
  index: MemoryIndex,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResponse> {
  const limit = Math.max(1, Math.floor(options.limit ?? 6));
  const pool = Math.min(200, Math.max(20, limit * (options.candidateMultiplier ?? 4)));
  let mode: SearchMode = options.mode ?? "hybrid";
  let reason: string | undefined;
  let queryVector: Float32Array | undefined;
  if (mode !== "keyword") {
    const vec = await embedQuery(index, query, options.embedder);
    if ("vector" in vec) queryVector = vec.vector;
    else {
      reason = vec.reason;
      mode = "keyword";
    }
  }
  const match = mode === "vector" ? undefined : ftsQuery(query);
  const source = options.source;
  const keyword: KeywordHit[] = match ? index.keywordSearch(match, pool, source) : [];
  let ranked;
  if (mode === "keyword") ranked = rankKeyword(keyword);
  else {
    const vector: VectorHit[] = index.vectorSearch(queryVector!, pool, { source });
    if (mode === "vector") ranked = rankVector(vector);
    else {
      // Keyword candidates outside the vector top-k still get their true similarity.
      const seen = new Set(vector.map((v) => v.id));
      vector.push(
        ...index.vectorSearch(queryVector!, pool, {
          ids: keyword.map((k) => k.id).filter((id) => !seen.has(id)),
        }),
      );
      ranked = mergeHybrid(keyword, vector, {
        textWeight: options.textWeight ?? 0.3,
        vectorWeight: options.vectorWeight ?? 0.7,
      });
    }
  }
  const rows = index.chunks(ranked.map((r) => r.id));
  const now = options.now ?? Date.now();
  const decayed = applyDecay(
    ranked,
    (r) => ageDays(rows.get(r.id)?.path, now),
    options.decayLambda ?? 0,
  );
  const top = selectTop(decayed, options.minScore ?? 0, limit);
  return {
    mode,
    ...(reason ? { reason } : {}),
    ...(mode !== "keyword" && options.embedder ? { model: options.embedder.key } : {}),
    results: top.filter((r) => rows.has(r.id)).map((r) => toResult(rows.get(r.id)!, r.score)),
  };
}

/** Whether vector search can run: returns the query vector, or why not. Never throws. */
async function embedQuery(
  index: MemoryIndex,
  query: string,
  embedder: Embedder | undefined,
): Promise<{ vector: Float32Array } | { reason: string }> {
  if (!embedder) return { reason: "no embedding provider (memory.embedding.provider = none)" };
  if (index.vecError) return { reason: index.vecError };
  const status = await embedder.check();
  // Search never downloads: that would block a query on the network.
  if (!status.ok) return { reason: status.reason };
  if (index.vectorModel() !== embedder.key) {
    return {
      reason: `the index has no vectors of ${embedder.key} yet; run: localgpt memory reindex`,
    };
  }
  try {
    const [vector] = await embedder.embed([query]);
    return { vector };
  } catch (error) {
    return { reason: errorMessage(error) };
  }
}

function toResult(row: ChunkRow, score: number): SearchResult {
  const lines = row.start_line === row.end_line
    ? `L${row.start_line}`
    : `L${row.start_line}-L${row.end_line}`;
  return {
    path: row.path,
    start_line: row.start_line,
    end_line: row.end_line,
    score: Math.round(score * 10000) / 10000,
    snippet: snippet(row.text),
    source: row.source,
    headings: JSON.parse(row.headings) as string[],
    citation: `${row.path}#${lines}`,
  };
}

/** Cuts text to `SNIPPET_CHARS` without splitting a surrogate pair. */
export function snippet(text: string, max = SNIPPET_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

const DAILY = /(?:^|\/)memory\/(?:.*\/)?(\d{4})-(\d{2})-(\d{2})\.md$/;

/** Age in days of a daily note `memory/YYYY-MM-DD.md`; undefined for evergreen files. */
export function ageDays(path: string | undefined, now: number): number | undefined {
  const m = path ? DAILY.exec(path) : null;
  if (!m) return undefined;
  const date = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date) ? undefined : (now - date) / 86_400_000;
}
