import assert from "node:assert/strict";
import { chunkMarkdown, sha256 } from "../../src/memory/mod.ts";

Deno.test("chunkMarkdown() keeps a short note in one chunk with its line range", () => {
  const chunks = chunkMarkdown("# Title\nfirst\nsecond\n");
  assert.equal(chunks.length, 1);
  assert.deepEqual([chunks[0].startLine, chunks[0].endLine], [1, 3]);
  assert.equal(chunks[0].text, "# Title\nfirst\nsecond");
  assert.equal(chunks[0].hash, sha256("# Title\nfirst\nsecond"));
});

Deno.test("chunkMarkdown() splits long text into chunks that overlap", () => {
  const lines = Array.from({ length: 200 }, (_, i) => `line ${i + 1} ${"x".repeat(30)}`);
  const chunks = chunkMarkdown(lines.join("\n"), { chunkSize: 100, chunkOverlap: 20 });
  assert.ok(chunks.length > 3);
  for (const c of chunks) assert.ok(c.text.length <= 400 + 50, `chunk of ${c.text.length} chars`);
  for (let i = 1; i < chunks.length; i++) {
    assert.ok(chunks[i].startLine <= chunks[i - 1].endLine, "consecutive chunks overlap");
    assert.ok(chunks[i].startLine > chunks[i - 1].startLine);
  }
  assert.equal(chunks.at(-1)!.endLine, 200);
});

Deno.test("chunkMarkdown() starts a new chunk at a heading and records the heading trail", () => {
  const section = (n: number) =>
    Array.from({ length: 12 }, (_, i) => `s${n} line ${i} ${"y".repeat(20)}`);
  const text = ["# Top", ...section(1), "## Pets", ...section(2), "### Cats", "Tom is grey"].join(
    "\n",
  );
  const chunks = chunkMarkdown(text, { chunkSize: 100, chunkOverlap: 0 });
  const pets = chunks.find((c) => c.text.startsWith("## Pets"));
  assert.ok(pets, "a chunk starts at the heading");
  assert.deepEqual(pets.headings, ["Top", "Pets"]);
  const cats = chunks.find((c) => c.text.includes("Tom is grey"))!;
  assert.deepEqual(cats.headings.slice(0, 2), ["Top", "Pets"]);
});

Deno.test("chunkMarkdown() ignores # lines inside code fences", () => {
  const chunks = chunkMarkdown("# Real\n```sh\n# comment\n```\ntext");
  assert.deepEqual(chunks[0].headings, ["Real"]);
  assert.equal(chunks.length, 1);
});

Deno.test("chunkMarkdown() cuts a line longer than a chunk into pieces", () => {
  const chunks = chunkMarkdown("a".repeat(1000), { chunkSize: 50, chunkOverlap: 0 });
  assert.equal(chunks.length, 5);
  assert.ok(chunks.every((c) => c.startLine === 1 && c.text.length === 200));
});

Deno.test("chunkMarkdown() drops whitespace-only text", () => {
  assert.deepEqual(chunkMarkdown("\n   \n\n"), []);
});
