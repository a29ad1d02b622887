/** CLI providers against fake executables printing each CLI's JSON event format. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Context, StreamEvent } from "../../src/core/mod.ts";
import {
  createClaudeCliProvider,
  createCodexCliProvider,
  createGeminiCliProvider,
} from "../../src/llm/mod.ts";
import { collectEvents, streamedText, writeFakeCli } from "../support/mod.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/cli/", import.meta.url));
const fixture = (name: string) => Deno.readTextFileSync(`${FIXTURES}${name}.jsonl`);

const ASK: Context = {
  system: "You are LocalGPT.",
  messages: [
    { role: "user", content: "First question" },
    { role: "assistant", content: [{ type: "text", text: "First answer" }] },
    { role: "user", content: "Say hello." },
  ],
};

const thinking = (events: StreamEvent[]) =>
  events.map((e) => (e.type === "thinking_delta" ? e.text : "")).join("");

async function tempDir(): Promise<string & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "localgpt-cli-" });
  return Object.assign(dir, {
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
  }) as string & AsyncDisposable;
}

Deno.test("claude-cli stream() yields the partial-message text once and the session id", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "claude", { stdout: fixture("claude_text") });
  const events = await collectEvents(
    createClaudeCliProvider({ command: cli.path }).stream("opus", ASK, { cwd: `${dir}` }),
  );
  assert.equal(streamedText(events), "Hello!");
  const done = events.at(-1)!;
  assert.ok(done.type === "done");
  assert.equal(done.sessionId, "5f0c1a2e-1111-4a4a-9b9b-123456789abc");
  const usage = events.find((e) => e.type === "usage");
  assert.ok(usage?.type === "usage");
  assert.deepEqual([usage.usage.input, usage.usage.output, usage.usage.cacheRead], [12, 5, 100]);
});

Deno.test("claude-cli stream() runs `claude -p <last user message>` with stream-json in cwd", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "claude", { stdout: fixture("claude_text") });
  await collectEvents(
    createClaudeCliProvider({ command: cli.path, effort: "high" }).stream("opus", ASK, {
      cwd: `${dir}`,
    }),
  );
  const [args] = await cli.runs();
  assert.deepEqual(args.slice(0, 2), ["-p", "Say hello."]);
  for (const flag of ["stream-json", "--verbose", "--include-partial-messages"]) {
    assert.ok(args.includes(flag), flag);
  }
  assert.equal(args[args.indexOf("--model") + 1], "opus");
  assert.equal(args[args.indexOf("--effort") + 1], "high");
  assert.equal(args[args.indexOf("--system-prompt") + 1], "You are LocalGPT.");
  assert.equal(args.includes("--resume"), false);
  assert.deepEqual(await cli.cwds(), [await Deno.realPath(`${dir}`)]);
});

Deno.test("claude-cli stream() shows Claude Code's own tools as thinking, never as tool calls", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "claude", { stdout: fixture("claude_tool") });
  const events = await collectEvents(
    createClaudeCliProvider({ command: cli.path }).stream("opus", ASK),
  );
  assert.equal(events.some((e) => e.type === "tool_call"), false);
  assert.match(thinking(events), /\[Tool: Bash ls\]/);
  assert.equal(streamedText(events), "There is one file: a.md.");
  assert.ok(events.at(-1)?.type === "done" && events.at(-1)?.type === "done");
});

Deno.test("claude-cli stream() passes --resume and starts a new session when it is unknown", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "claude", {
    stdout: fixture("claude_text"),
    whenFlag: { flag: "--resume", stderr: "No conversation found with session ID: old-id" },
  });
  const events = await collectEvents(
    createClaudeCliProvider({ command: cli.path }).stream("opus", ASK, { sessionId: "old-id" }),
  );
  const runs = await cli.runs();
  assert.equal(runs.length, 2);
  assert.equal(runs[0][runs[0].indexOf("--resume") + 1], "old-id");
  assert.equal(runs[1].includes("--resume"), false);
  assert.equal(streamedText(events), "Hello!");
});

Deno.test("claude-cli stream() ends with an auth error when the CLI reports an error result", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "claude", { stdout: fixture("claude_error") });
  const events = await collectEvents(
    createClaudeCliProvider({ command: cli.path }).stream("opus", ASK),
  );
  const end = events.at(-1)!;
  assert.ok(end.type === "error");
  assert.equal(end.error.kind, "auth");
  assert.match(end.error.message, /Invalid API key/);
});

Deno.test("claude-cli stream() names the fix in one line when the binary is missing", async () => {
  const events = await collectEvents(
    createClaudeCliProvider({ command: "claude-does-not-exist-xyz" }).stream("opus", ASK),
  );
  const end = events.at(-1)!;
  assert.ok(end.type === "error");
  assert.equal(end.error.message.includes("\n"), false);
  assert.match(end.error.message, /not found on PATH/);
  assert.match(end.error.message, /npm install -g @anthropic-ai\/claude-code/);
  assert.match(end.error.message, /providers\.claude_cli\.command/);
  assert.equal(end.error.retryable, false);
});

Deno.test("claude-cli stream() kills the CLI and ends aborted when the signal aborts", async () => {
  await using dir = await tempDir();
  const head = fixture("claude_text").split("\n").slice(0, 4).join("\n") + "\n";
  const cli = await writeFakeCli(`${dir}`, "claude", { stdout: head, sleep: 30 });
  const controller = new AbortController();
  const started = Date.now();
  const events: StreamEvent[] = [];
  for await (
    const e of createClaudeCliProvider({ command: cli.path }).stream("opus", ASK, {
      signal: controller.signal,
    })
  ) {
    events.push(e);
    if (e.type === "text_delta") controller.abort();
  }
  const end = events.at(-1)!;
  assert.ok(end.type === "error");
  assert.equal(end.error.kind, "aborted");
  assert.ok(Date.now() - started < 10_000);
});

Deno.test("gemini-cli stream() yields the assistant deltas, tool activity and session id", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "gemini", { stdout: fixture("gemini_text") });
  const events = await collectEvents(
    createGeminiCliProvider({ command: cli.path }).stream("gemini-3.1-pro-preview", ASK),
  );
  assert.equal(streamedText(events), "Hello!");
  assert.match(thinking(events), /\[Tool: read_file\]/);
  const done = events.at(-1)!;
  assert.ok(done.type === "done");
  assert.equal(done.sessionId, "c3f5b2a0-2222-4b4b-8c8c-abcdefabcdef");
  assert.equal(done.message.usage?.total, 17);
});

Deno.test("gemini-cli stream() sends system and request in one prompt, with --resume", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "gemini", { stdout: fixture("gemini_text") });
  await collectEvents(
    createGeminiCliProvider({ command: cli.path }).stream("gemini-2.5-pro", ASK, {
      sessionId: "s-1",
    }),
  );
  const [args] = await cli.runs();
  assert.equal(args[0], "-p");
  assert.equal(args[1], "System Instruction: You are LocalGPT.\n\nUser Request: Say hello.");
  assert.ok(args.includes("--yolo"));
  assert.equal(args[args.indexOf("--output-format") + 1], "stream-json");
  assert.equal(args[args.indexOf("--model") + 1], "gemini-2.5-pro");
  assert.equal(args[args.indexOf("--resume") + 1], "s-1");
});

Deno.test("codex-cli stream() yields the agent message, reasoning, usage and thread id", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "codex", { stdout: fixture("codex_text") });
  const events = await collectEvents(
    createCodexCliProvider({ command: cli.path }).stream("o4-mini", ASK),
  );
  assert.equal(streamedText(events), "Hello!");
  assert.match(thinking(events), /Greeting the user[\s\S]*\[Tool: bash -lc ls\]/);
  const done = events.at(-1)!;
  assert.ok(done.type === "done");
  assert.equal(done.sessionId, "0199a213-81c0-7800-8aa1-bbab2a035a53");
  assert.deepEqual([done.message.usage?.input, done.message.usage?.cacheRead], [12, 100]);
});

Deno.test("codex-cli stream() runs `codex exec --json … resume <id> <prompt>` when resuming", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "codex", { stdout: fixture("codex_text") });
  await collectEvents(
    createCodexCliProvider({ command: cli.path }).stream("o4-mini", ASK, { sessionId: "t-9" }),
  );
  const [args] = await cli.runs();
  assert.deepEqual(args.slice(0, 2), ["exec", "--json"]);
  assert.ok(args.includes("--skip-git-repo-check"));
  assert.equal(args[args.indexOf("--model") + 1], "o4-mini");
  assert.deepEqual(args.slice(-3, -1), ["resume", "t-9"]);
  assert.match(args.at(-1)!, /User Request: Say hello\.$/);
});

Deno.test("codex-cli stream() classifies a failed turn by its message", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "codex", { stdout: fixture("codex_failed") });
  const events = await collectEvents(
    createCodexCliProvider({ command: cli.path }).stream("o4-mini", ASK),
  );
  const end = events.at(-1)!;
  assert.ok(end.type === "error");
  assert.equal(end.error.kind, "rate_limit");
});

Deno.test("codex-cli stream() reports the exit code and stderr when the CLI crashes", async () => {
  await using dir = await tempDir();
  const cli = await writeFakeCli(`${dir}`, "codex", {
    stderr: "Error: unexpected argument '--bogus'",
    exitCode: 2,
  });
  const events = await collectEvents(
    createCodexCliProvider({ command: cli.path }).stream("o4-mini", ASK),
  );
  const end = events.at(-1)!;
  assert.ok(end.type === "error");
  assert.match(end.error.message, /exited with code 2: Error: unexpected argument/);
});
