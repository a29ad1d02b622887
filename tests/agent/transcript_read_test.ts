import assert from "node:assert/strict";
import { buildSessionContext, parseTranscript } from "../../src/agent/transcript_read.ts";

const header =
  '{"type":"session","version":3,"id":"s1","timestamp":"2026-03-01T10:00:00.000Z","cwd":"/ws"}';
const msg = (id: string, parentId: string | null, role: string, text: string) =>
  JSON.stringify({
    type: "message",
    id,
    parentId,
    timestamp: "2026-03-01T10:00:01.000Z",
    message: { role, content: text, timestamp: 1 },
  });

Deno.test("parseTranscript() reads a v3 header and entries", () => {
  const parsed = parseTranscript([header, msg("a1", null, "user", "hi")].join("\n") + "\n");
  assert.equal(parsed.header.version, 3);
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.truncatedTail, false);
  assert.deepEqual(parsed.warnings, []);
});

Deno.test("parseTranscript() tolerates a cut-off last line and reports where the good part ends", () => {
  const good = [header, msg("a1", null, "user", "hi")].join("\n") + "\n";
  const parsed = parseTranscript(good + '{"type":"message","id":"a2","mess');
  assert.equal(parsed.truncatedTail, true);
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.validBytes, new TextEncoder().encode(good).length);
});

Deno.test("parseTranscript() skips a corrupt middle line with a warning", () => {
  const text = [header, "{oops", msg("a1", null, "user", "hi")].join("\n") + "\n";
  const parsed = parseTranscript(text);
  assert.equal(parsed.entries.length, 1);
  assert.deepEqual(parsed.warnings, ["line 2: not valid JSON; skipped"]);
});

Deno.test("parseTranscript() accepts a complete last line without a newline", () => {
  const parsed = parseTranscript([header, msg("a1", null, "user", "hi")].join("\n"));
  assert.equal(parsed.entries.length, 1);
  assert.equal(parsed.needsNewline, true);
});

Deno.test("parseTranscript() throws when the first line is not a session header", () => {
  assert.throws(
    () => parseTranscript(msg("a1", null, "user", "hi") + "\n"),
    /expected the session header/,
  );
  assert.throws(() => parseTranscript(""), /no session header/);
});

Deno.test("parseTranscript() migrates v1: ids, parents and compaction by index", () => {
  const v1 = [
    '{"type":"session","version":1,"id":"old","timestamp":"2025-01-01T00:00:00Z","cwd":"/"}',
    '{"type":"message","timestamp":"2025-01-01T00:00:01Z","message":{"role":"user","content":"one","timestamp":1}}',
    '{"type":"message","timestamp":"2025-01-01T00:00:02Z","message":{"role":"user","content":"two","timestamp":2}}',
    '{"type":"compaction","timestamp":"2025-01-01T00:00:03Z","summary":"S","firstKeptEntryIndex":2,"tokensBefore":100}',
  ].join("\n") + "\n";
  const parsed = parseTranscript(v1);
  assert.deepEqual(parsed.entries.map((e) => [e.id, e.parentId]), [
    ["00000001", null],
    ["00000002", "00000001"],
    ["00000003", "00000002"],
  ]);
  const compaction = parsed.entries[2];
  assert.equal(compaction.type === "compaction" && compaction.firstKeptEntryId, "00000002");
  const context = buildSessionContext(parsed.entries);
  assert.equal(context.summary, "S");
  assert.deepEqual(context.messages.map((m) => m.content), ["two"]);
});

Deno.test("parseTranscript() renames the v2 hookMessage role to custom", () => {
  const v2 = [
    '{"type":"session","version":2,"id":"s","timestamp":"2025-01-01T00:00:00Z","cwd":"/"}',
    '{"type":"message","id":"h1","parentId":null,"timestamp":"2025-01-01T00:00:01Z","message":{"role":"hookMessage","customType":"x","content":"c","display":true,"timestamp":1}}',
  ].join("\n") + "\n";
  const entry = parseTranscript(v2).entries[0];
  assert.equal(entry.type === "message" && entry.message.role, "custom");
});

Deno.test("buildSessionContext() follows the leaf's branch, not abandoned siblings", () => {
  const text = [
    header,
    msg("a1", null, "user", "root"),
    msg("b1", "a1", "assistant", "abandoned"),
    msg("b2", "a1", "user", "kept"),
  ].join("\n") + "\n";
  const context = buildSessionContext(parseTranscript(text).entries);
  assert.deepEqual(context.messages.map((m) => m.content), ["root", "kept"]);
  assert.equal(context.leafId, "b2");
});

Deno.test("buildSessionContext() keeps messages from firstKeptEntryId and after the compaction", () => {
  const compaction = JSON.stringify({
    type: "compaction",
    id: "c1",
    parentId: "a3",
    timestamp: "2026-03-01T10:00:02.000Z",
    summary: "earlier talk",
    firstKeptEntryId: "a3",
    tokensBefore: 5000,
  });
  const text = [
    header,
    msg("a1", null, "user", "old"),
    msg("a2", "a1", "assistant", "old reply"),
    msg("a3", "a2", "user", "recent"),
    compaction,
    msg("a4", "c1", "assistant", "after"),
    JSON.stringify({
      type: "model_change",
      id: "m1",
      parentId: "a4",
      timestamp: "2026-03-01T10:00:03.000Z",
      provider: "anthropic",
      modelId: "claude-x",
    }),
  ].join("\n") + "\n";
  const context = buildSessionContext(parseTranscript(text).entries);
  assert.equal(context.summary, "earlier talk");
  assert.deepEqual(context.messages.map((m) => m.content), ["recent", "after"]);
  assert.deepEqual(context.model, { provider: "anthropic", modelId: "claude-x" });
});
