import assert from "node:assert/strict";
import { applyContextBudget, truncateHeadTail } from "../../src/agent/context_budget.ts";

const file = (name: string, content: string) => ({ name, label: name, content });

Deno.test("truncateHeadTail() keeps 70% head and 20% tail around a visible marker", () => {
  const text = "H".repeat(500) + "T".repeat(500);
  const out = truncateHeadTail("MEMORY.md", text, 100);
  assert.ok(
    out.startsWith("H".repeat(70) + "\n\n[...truncated, read MEMORY.md for full content...]\n"),
  );
  assert.match(out, /…\(truncated MEMORY\.md: kept 70\+20 chars of 1000\)…\n\n/);
  assert.ok(out.endsWith("\n" + "T".repeat(20)));
});

Deno.test("truncateHeadTail() leaves text within the limit untouched", () => {
  assert.equal(truncateHeadTail("A.md", "short", 100), "short");
});

Deno.test("applyContextBudget() trims trailing whitespace and reports raw and injected sizes", () => {
  const { files } = applyContextBudget([file("A.md", "hello  \n\n")]);
  assert.deepEqual([
    files[0].content,
    files[0].rawChars,
    files[0].injectedChars,
    files[0].truncated,
  ], [
    "hello",
    5,
    5,
    false,
  ]);
});

Deno.test("applyContextBudget() truncates a file over the per-file limit", () => {
  const { files } = applyContextBudget([file("MEMORY.md", "x".repeat(30000))]);
  assert.equal(files[0].truncated, true);
  assert.equal(files[0].rawChars, 30000);
  assert.match(files[0].content, /kept 14000\+4000 chars of 30000/);
});

Deno.test("applyContextBudget() shares the total budget in order and omits files once under 64 left", () => {
  const result = applyContextBudget(
    [file("A.md", "a".repeat(150)), file("B.md", "b".repeat(200)), file("C.md", "c".repeat(10))],
    { maxChars: 1000, totalMaxChars: 220 },
  );
  assert.equal(result.files[0].content.length, 150);
  // B gets the remaining 70 characters: cut with the marker, then clamped with "…".
  assert.equal(result.files[1].content.length, 70);
  assert.equal(result.files[1].truncated, true);
  assert.ok(result.files[1].content.endsWith("…"));
  assert.deepEqual(result.omitted, ["C.md"]);
});
