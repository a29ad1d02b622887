import assert from "node:assert/strict";
import { join } from "node:path";
import { parseNoteRef, readNote, recentNotes } from "../../src/memory/mod.ts";
import { createTempWorkspace } from "../support/mod.ts";

Deno.test("parseNoteRef() splits path, from and to", () => {
  assert.deepEqual(parseNoteRef("MEMORY.md:3-7"), { path: "MEMORY.md", from: 3, to: 7 });
  assert.deepEqual(parseNoteRef("memory/a.md:4"), { path: "memory/a.md", from: 4, to: undefined });
  assert.deepEqual(parseNoteRef("notes.md"), { path: "notes.md" });
});

Deno.test("parseNoteRef() refuses a reversed range and line 0", () => {
  assert.throws(() => parseNoteRef("MEMORY.md:20-10"), RangeError);
  assert.throws(() => parseNoteRef("MEMORY.md:0"), RangeError);
});

Deno.test("readNote() returns the requested lines and the total", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("MEMORY.md", "one\ntwo\nthree\nfour\n");
  const note = await readNote(ws.workspace, "MEMORY.md", { from: 2, to: 3 });
  assert.deepEqual(note, { path: "MEMORY.md", from: 2, to: 3, totalLines: 4, text: "two\nthree" });
});

Deno.test("readNote() refuses a path that escapes the workspace", async () => {
  await using ws = await createTempWorkspace();
  await Deno.writeTextFile(join(ws.root, "secret.md"), "x");
  await assert.rejects(readNote(ws.workspace, "../../secret.md"), /outside the workspace/);
  await Deno.symlink(join(ws.root, "secret.md"), join(ws.workspace, "memory", "link.md"));
  await assert.rejects(readNote(ws.workspace, "memory/link.md"), /outside the workspace/);
});

Deno.test("readNote() refuses files that are not markdown", async () => {
  await using ws = await createTempWorkspace();
  await ws.write(".gitignore", "x");
  await assert.rejects(readNote(ws.workspace, ".gitignore"), /only markdown/);
});

Deno.test("recentNotes() lists daily notes newest first with their last line", async () => {
  await using ws = await createTempWorkspace();
  await ws.write("memory/2026-01-01.md", "old\n");
  await ws.write("memory/2026-03-01.md", "first\nlatest line\n\n");
  await ws.write("memory/topic.md", "not daily");
  const notes = await recentNotes(ws.workspace, 5);
  assert.deepEqual(notes, [
    { path: "memory/2026-03-01.md", date: "2026-03-01", lastLine: "latest line" },
    { path: "memory/2026-01-01.md", date: "2026-01-01", lastLine: "old" },
  ]);
});
