import assert from "node:assert/strict";
import { applyDecay, keywordScores, mergeHybrid, selectTop } from "../../src/memory/mod.ts";

const weights = { textWeight: 0.3, vectorWeight: 0.7 };

Deno.test("keywordScores() gives the best bm25 hit 1 and others less", () => {
  const scores = keywordScores([{ id: 1, bm25: -4 }, { id: 2, bm25: -1 }]);
  assert.equal(scores.get(1), 1);
  assert.equal(scores.get(2), 0.25);
});

Deno.test("mergeHybrid() keeps a strong keyword-only hit above a min score of 0.25", () => {
  // bm25 is negative; OpenClaw's 1/(1+max(0,rank)) scoring made such hits 0.3 at most.
  const ranked = mergeHybrid([{ id: 7, bm25: -3.2 }], [{ id: 7, similarity: 0.1 }, {
    id: 8,
    similarity: 0.2,
  }], weights);
  const top = selectTop(ranked, 0.25, 5);
  assert.equal(top[0].id, 7);
  assert.ok(Math.abs(top[0].score - (0.3 + 0.07)) < 1e-9);
});

Deno.test("mergeHybrid() ranks a semantic match above an unrelated keyword-free chunk", () => {
  const ranked = selectTop(
    mergeHybrid([], [{ id: 1, similarity: 0.1 }, { id: 2, similarity: 0.8 }], weights),
    0,
    5,
  );
  assert.deepEqual(ranked.map((r) => r.id), [2, 1]);
  assert.ok(Math.abs(ranked[0].score - 0.56) < 1e-9);
});

Deno.test("mergeHybrid() normalises weights that do not sum to 1", () => {
  const [hit] = mergeHybrid([{ id: 1, bm25: -1 }], [{ id: 1, similarity: 1 }], {
    textWeight: 2,
    vectorWeight: 2,
  });
  assert.equal(hit.score, 1);
});

Deno.test("applyDecay() lowers old daily notes and leaves evergreen files alone", () => {
  const hits = [{ id: 1, score: 1, age: 10 }, { id: 2, score: 1, age: undefined }];
  const out = applyDecay(hits, (h) => h.age, 0.1);
  assert.ok(Math.abs(out[0].score - Math.exp(-1)) < 1e-9);
  assert.equal(out[1].score, 1);
});

Deno.test("selectTop() drops zero scores and scores under the minimum", () => {
  const out = selectTop(
    [{ id: 1, score: 0 }, { id: 2, score: 0.2 }, { id: 3, score: 0.5 }],
    0.3,
    10,
  );
  assert.deepEqual(out.map((h) => h.id), [3]);
});
