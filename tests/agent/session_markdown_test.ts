import assert from "node:assert/strict";
import {
  postCompactionRefresh,
  sessionMemoryNote,
  sessionSlug,
  transcriptToMarkdown,
} from "../../src/agent/session_markdown.ts";
import { assistantMessage, toolResult, userMessage } from "../support/mod.ts";

const NOW = new Date("2026-03-01T09:05:07Z");

Deno.test("sessionSlug() takes the first 4 words, lowercase-hyphen, at most 30 chars", () => {
  assert.equal(sessionSlug("Plan my Trip to Berlin, please!"), "plan-my-trip-to");
  assert.equal(
    sessionSlug("Internationalization considerations everywhere always"),
    "internationalization-considera",
  );
});

Deno.test("sessionMemoryNote() keeps the last user/assistant messages under a dated header", () => {
  const messages = [
    userMessage("first question"),
    assistantMessage("first answer", { toolCall: "read_file" }),
    toolResult("file text"),
    userMessage("second question"),
    assistantMessage("second answer"),
  ];
  const note = sessionMemoryNote(messages, { sessionId: "s1", now: NOW, maxMessages: 3 });
  assert.equal(note.path, "memory/2026-03-01-second-question.md");
  assert.equal(
    note.content,
    "# Session: 2026-03-01 09:05:07 UTC\n\n- **Session ID**: s1\n- **Source**: cli\n\n## Conversation\n\n" +
      "**Assistant**: first answer\n\n**User**: second question\n\n**Assistant**: second answer\n",
  );
});

Deno.test("sessionMemoryNote() falls back to HHMM for the slug and honours maxChars", () => {
  const note = sessionMemoryNote([assistantMessage("x".repeat(100))], {
    sessionId: "s",
    now: NOW,
    maxChars: 10,
  });
  assert.equal(note.path, "memory/2026-03-01-0905.md");
  assert.match(note.content, /\n…x{10}\n$/);
});

Deno.test("transcriptToMarkdown() renders speakers and tool calls", () => {
  const md = transcriptToMarkdown([
    userMessage("hi"),
    assistantMessage("Reading.", { toolCall: "read_file" }),
  ], "Chat");
  assert.equal(
    md,
    '# Chat\n\n## User\n\nhi\n\n## Assistant\n\nReading.\n\n> tool `read_file` {"path":"a.md"}\n',
  );
});

Deno.test("postCompactionRefresh() extracts the named H2/H3 sections, skipping fenced code", () => {
  const agents = [
    "# AGENTS",
    "## Session Startup",
    "Read SOUL.md.",
    "```",
    "## Red Lines (inside code, not a heading)",
    "```",
    "### Details",
    "More startup.",
    "## Other",
    "skip me",
    "### red lines",
    "Never exfiltrate.",
  ].join("\n");
  const text = postCompactionRefresh(agents, ["Session Startup", "Red Lines"]);
  assert.match(text, /^\[Post-compaction context refresh\]/);
  assert.match(
    text,
    /## Session Startup\nRead SOUL\.md\.\n```\n## Red Lines \(inside code, not a heading\)\n```\n### Details\nMore startup\./,
  );
  assert.match(text, /### red lines\nNever exfiltrate\.$/);
  assert.doesNotMatch(text, /skip me/);
});

Deno.test("postCompactionRefresh() is empty without matching sections and caps the length", () => {
  assert.equal(postCompactionRefresh("## Other\ntext", ["Red Lines"]), "");
  const long = postCompactionRefresh("## Red Lines\n" + "x".repeat(5000), ["Red Lines"], 100);
  assert.ok(long.endsWith("…"));
  assert.ok(long.length < 300);
});

Deno.test("sessionMemoryNote() and transcriptToMarkdown() leave out NO_REPLY answers", () => {
  const messages = [userMessage("hello"), assistantMessage("Hi!"), assistantMessage("NO_REPLY")];
  const note = sessionMemoryNote(messages, { sessionId: "s1", now: NOW });
  assert.doesNotMatch(note.content, /NO_REPLY/);
  assert.match(note.content, /\*\*Assistant\*\*: Hi!/);
  assert.doesNotMatch(transcriptToMarkdown(messages), /NO_REPLY/);
});
