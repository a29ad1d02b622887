import assert from "node:assert/strict";
import { ftsDocument, ftsQuery } from "../../src/memory/mod.ts";

Deno.test("ftsQuery() quotes every word so operators become plain text", () => {
  assert.equal(ftsQuery('cats AND "dogs" OR -birds*'), '"cats" OR "dogs" OR "birds"');
  assert.equal(ftsQuery("NEAR(a b) (((x"), '"near" OR "b" OR "x"');
});

Deno.test("ftsQuery() drops stop words but keeps them when nothing else is left", () => {
  assert.equal(ftsQuery("what is the plan"), '"plan"');
  assert.equal(ftsQuery("what is it"), '"what" OR "is" OR "it"');
});

Deno.test("ftsQuery() returns undefined for text without words", () => {
  assert.equal(ftsQuery(`"*()-^:" '`), undefined);
});

Deno.test("ftsQuery() turns a CJK run into a phrase of bigrams and one character into a prefix", () => {
  assert.equal(ftsQuery("预算会议"), '"预算 算会 会议"');
  assert.equal(ftsQuery("猫"), '"猫"*');
});

Deno.test("ftsDocument() expands CJK runs into bigrams plus the last character", () => {
  assert.equal(ftsDocument("讨论预算").trim(), "讨论 论预 预算 算");
  assert.equal(ftsDocument("plain text"), "plain text");
});

Deno.test("ftsQuery() keeps at most 64 terms of a very long text", () => {
  const long = Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ");
  assert.equal(ftsQuery(long)!.split(" OR ").length, 64);
});
