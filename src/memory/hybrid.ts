/** Hybrid ranking: merges keyword and vector candidates into one 0..1 score (pure). */

/** A keyword candidate: FTS5 `bm25()` is negative, more negative = better. */
export interface KeywordHit {
  id: number;
  bm25: number;
}

/** A vector candidate: cosine similarity in -1..1. */
export interface VectorHit {
  id: number;
  similarity: number;
}

/** Weights of `mergeHybrid()`; they are normalised to sum 1. */
export interface HybridWeights {
  textWeight: number;
  vectorWeight: number;
}

/** One ranked result. */
export interface RankedHit {
  id: number;
  score: number;
  textScore: number;
  vectorScore: number;
}

/**
 * Normalises bm25 values to 0..1 relative to the best hit (the best scores 1). Unlike OpenClaw's
 * `1/(1+max(0,rank))`, which maps every hit to 1, this keeps the keyword ranking.
 */
export function keywordScores(hits: readonly KeywordHit[]): Map<number, number> {
  const best = Math.max(0, ...hits.map((h) => -h.bm25));
  const out = new Map<number, number>();
  for (const h of hits) out.set(h.id, best > 0 ? Math.max(0, -h.bm25) / best : 1);
  return out;
}

/** Cosine similarity mapped to a 0..1 score (negative similarity scores 0). */
export function vectorScore(similarity: number): number {
  return Number.isFinite(similarity) ? Math.min(1, Math.max(0, similarity)) : 0;
}

/**
 * Weighted sum of the normalised keyword score and the vector score of every candidate. Each
 * candidate should carry its true similarity (also when it came from the keyword leg), so a strong
 * keyword hit keeps its vector score instead of counting as 0. Weights are normalised to sum 1.
 */
export function mergeHybrid(
  keyword: readonly KeywordHit[],
  vector: readonly VectorHit[],
  options: HybridWeights,
): RankedHit[] {
  const total = options.textWeight + options.vectorWeight;
  const tw = total > 0 ? options.textWeight / total : 0.5;
  const vw = total > 0 ? options.vectorWeight / total : 0.5;
  const text = keywordScores(keyword);
  const vec = new Map(vector.map((v) => [v.id, vectorScore(v.similarity)]));
  const ids = new Set([...text.keys(), ...vec.keys()]);
  const ranked: RankedHit[] = [];
  for (const id of ids) {
    const textScore = text.get(id) ?? 0;
    const vectorScore = vec.get(id) ?? 0;
    ranked.push({ id, score: tw * textScore + vw * vectorScore, textScore, vectorScore });
  }
  return ranked;
}

/** Keyword-only ranking: the normalised keyword score is the score. */
export function rankKeyword(keyword: readonly KeywordHit[]): RankedHit[] {
  const text = keywordScores(keyword);
  return keyword.map((k) => {
    const s = text.get(k.id)!;
    return { id: k.id, score: s, textScore: s, vectorScore: 0 };
  });
}

/** Vector-only ranking: the similarity is the score. */
export function rankVector(vector: readonly VectorHit[]): RankedHit[] {
  return vector.map((v) => {
    const s = vectorScore(v.similarity);
    return { id: v.id, score: s, textScore: 0, vectorScore: s };
  });
}

/** Multiplies scores by exp(-λ·age in days) for dated notes; `ageDays` undefined = evergreen. */
export function applyDecay<T extends { score: number }>(
  hits: T[],
  ageDays: (hit: T) => number | undefined,
  lambda: number,
): T[] {
  if (lambda <= 0) return hits;
  return hits.map((h) => {
    const age = ageDays(h);
    return age === undefined ? h : { ...h, score: h.score * Math.exp(-lambda * Math.max(0, age)) };
  });
}

/** Drops hits below `minScore` (and zero scores), sorts best first, keeps `limit`. */
export function selectTop<T extends { id: number; score: number }>(
  hits: readonly T[],
  minScore: number,
  limit: number,
): T[] {
  return hits
    .filter((r) => r.score >= minScore && r.score > 0)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}
