import assert from "node:assert/strict";
import { join } from "node:path";
import { parseSkill, skillCommands } from "../../src/agent/mod.ts";
import {
  type ChatDeps,
  createTerminalApproval,
  LineReader,
  RESERVED,
  runChat,
} from "../../src/channels/cli/mod.ts";
import type { StreamEvent } from "../../src/core/mod.ts";
import { createTestAgent, type TestAgent, textReply, toolCallReply } from "../support/mod.ts";

function lines(text: string): LineReader {
  return new LineReader(ReadableStream.from([new TextEncoder().encode(text)]));
}

async function chat(
  script: StreamEvent[][],
  input: string,
  options: { setup?: (t: TestAgent) => Promise<void>; requireApproval?: string[] } = {},
): Promise<{ out: string; t: TestAgent }> {
  const reader = lines(input);
  let out = "";
  const write = (s: string) => void (out += s);
  const t = await createTestAgent(script, {
    settings: { requireApproval: options.requireApproval ?? [] },
    approve: createTerminalApproval({ reader, write }),
  });
  await options.setup?.(t);
  const skill = parseSkill("---\nname: Greeter\ndescription: Greets people.\n---\nSay hi.\n", {
    filePath: join(t.workspace, "skills", "greeter", "SKILL.md"),
    source: "workspace",
  });
  const deps: ChatDeps = {
    session: await t.open(),
    input: reader,
    write,
    color: false,
    banner: { version: "9.9.9", agent: "main", memoryChunks: 3, embeddings: false },
    openSession: (id) => t.open(id ? { id } : {}),
    checkModel: (m) =>
      m.includes("/") ? Promise.resolve() : Promise.reject(new Error(`Unknown model "${m}"`)),
    listModels: () => Promise.resolve(["fake/fake-model", "fake/other"]),
    listSessions: () => t.store.list(),
    memorySearch: async (q) => {
      await t.memory.sync({ embed: false });
      return (await t.memory.search(q)).results.map((r) => ({
        path: r.path,
        line: r.start_line,
        score: r.score,
        snippet: r.snippet,
      }));
    },
    reindex: async () =>
      `Reindexed ${(await t.memory.sync({ full: true, embed: false })).scanned} files`,
    memoryChunks: () => Promise.resolve(3),
    searchStats: () => Promise.resolve("brave; 2 queries (1 cached, 0 failed), est. $0.0050"),
    skillsText: "  ✓ Greeter — Greets people.",
    skillCommands: skillCommands([skill, dispatcher(t)], RESERVED),
    home: t.home.vars.HOME,
    workspace: t.workspace,
    historyFile: join(t.home.root, "history"),
    settings: {
      contextWindow: 128000,
      reserveTokens: 8000,
      sessionMaxMessages: 15,
      sessionMaxChars: 0,
    },
    now: () => new Date("2026-03-01T10:30:00Z"),
  };
  assert.equal(await runChat(deps), 0);
  return { out, t };
}

Deno.test("runChat() prints the banner, streams the reply and says Goodbye", async () => {
  const { out, t } = await chat([textReply("Hi there!")], "hello\n/quit\n");
  await using _ = t;
  assert.match(
    out,
    /^LocalGPT v9\.9\.9 \| Agent: main \| Model: fake\/fake-model \| Memory: 3 chunks \| Embeddings: disabled \| Skills: 2\n/,
  );
  assert.match(out, /You: \nHi there!\n/);
  assert.match(out, /Goodbye!\n$/);
  assert.equal(await Deno.readTextFile(join(t.home.root, "history")), '"hello"\n"/quit"\n');
});

Deno.test("runChat() shows tool activity lines and reads multi-line input", async () => {
  const { out, t } = await chat(
    [toolCallReply("write_file", { path: "a.txt", content: "A" }), textReply("done")],
    'line one \\\nline two\n"""\nblock\n"""\n',
  );
  await using _ = t;
  assert.match(out, /\[write_file: a\.txt\]\ndone/);
  const sent = t.provider.calls[0].context.messages[0];
  assert.equal(sent.content, "line one \nline two");
  assert.equal(t.provider.remaining, 0);
});

Deno.test("runChat() asks Execute <tool>? [y/N] and runs the tool on y", async () => {
  const { out, t } = await chat(
    [toolCallReply("write_file", { path: "ok.txt", content: "yes" }), textReply("written")],
    "please write\ny\n",
    { requireApproval: ["write_file"] },
  );
  await using _ = t;
  assert.match(out, /Execute write_file \(ok\.txt\)\? \[y\/N\] /);
  assert.equal(await Deno.readTextFile(join(t.workspace, "ok.txt")), "yes");
});

Deno.test("runChat() refuses the tool when the answer is not y", async () => {
  const { t } = await chat(
    [toolCallReply("write_file", { path: "no.txt", content: "x" }), textReply("fine")],
    "please write\n\n",
    { requireApproval: ["write_file"] },
  );
  await using _ = t;
  assert.equal(await Deno.stat(join(t.workspace, "no.txt")).then(() => true, () => false), false);
});

Deno.test("runChat() /help, /skills, /models, /model, /save, /context and /status answer", async () => {
  const { out, t } = await chat(
    [],
    "/help\n/skills\n/models\n/model\n/model fake/other\n/model nonsense\n/save\n/context\n/status\n/unknown\n",
  );
  await using _ = t;
  assert.match(out, /\/quit, \/exit, \/q/);
  assert.match(out, /Skills:\n {2}\/greeter/);
  assert.match(out, /✓ Greeter — Greets people\./);
  assert.match(out, /fake\/other/);
  assert.match(out, /Model: fake\/fake-model\n/);
  assert.match(out, /Model: fake\/other\n/);
  assert.match(out, /error: Unknown model "nonsense"/);
  assert.match(out, /Session saved: .*\.jsonl/);
  assert.match(out, /Context: \d+ used \/ 120000 usable \/ 128000 total \(reserve 8000\)/);
  assert.match(out, /Session: {6}\S+\nModel: {8}fake\/other\nMessages: {5}0/);
  assert.match(out, /Web search: {3}brave; 2 queries \(1 cached, 0 failed\), est\. \$0\.0050/);
  assert.match(out, /Unknown command \/unknown/);
});

Deno.test("runChat() /status says the cost is unknown for a model without a price", async () => {
  const usage = { input: 5, output: 2, cacheRead: 0, cacheWrite: 0, total: 7 };
  const reply = textReply("Hi");
  reply.splice(2, 0, { type: "usage", usage });
  const { out, t } = await chat([reply], "hello\n/status\n");
  await using _ = t;
  assert.match(out, /Usage: {8}5 in \/ 2 out tokens, 1 calls, cost unknown/);
});

function dispatcher(t: TestAgent) {
  return parseSkill(
    "---\nname: shell\ndescription: Run a command.\ncommand-dispatch: tool\ncommand-tool: bash\n---\n",
    { filePath: join(t.workspace, "skills", "shell", "SKILL.md"), source: "workspace" },
  );
}

Deno.test("runChat() /<skill> with command-dispatch runs the tool without the model", async () => {
  const { out, t } = await chat([], "/shell echo dispatched\n");
  await using _ = t;
  assert.match(out, /You: dispatched\n/);
  assert.equal(t.provider.calls.length, 0);
});

Deno.test("runChat() /<skill> sends the skill prompt", async () => {
  const { t } = await chat([textReply("Hello!")], "/greeter Ada\n");
  await using _ = t;
  const sent = String(t.provider.calls[0].context.messages[0].content);
  assert.match(sent, /Use the "Greeter" skill/);
  assert.match(sent, /User input:\nAda/);
});

Deno.test("runChat() /new saves the conversation to memory and starts a new session", async () => {
  const { out, t } = await chat(
    [textReply("Paris is nice.")],
    "Plan my Paris trip\n/new\n/sessions\n",
  );
  await using _ = t;
  const note = await Deno.readTextFile(
    join(t.workspace, "memory", "2026-03-01-plan-my-paris-trip.md"),
  );
  assert.match(note, /\*\*User\*\*: Plan my Paris trip/);
  assert.match(out, /Saved the conversation to memory\/2026-03-01-plan-my-paris-trip\.md/);
  assert.match(out, /New session [0-9a-f]{8}/);
  assert.equal((await t.store.list()).length, 1, "the new, empty session is not written yet");
});

Deno.test("runChat() /clear starts over without a memory note; /resume goes back", async () => {
  const { out, t } = await chat([textReply("one")], "remember one\n/clear\n");
  await using _ = t;
  assert.match(out, /Cleared\. New session/);
  const entries = await Array.fromAsync(Deno.readDir(join(t.workspace, "memory")));
  assert.equal(entries.length, 0);
  const first = (await t.store.list()).find((s) => s.messageCount === 2)!;
  const reader = lines(`/resume ${first.sessionId.slice(0, 8)}\n`);
  let again = "";
  const session = await t.open();
  await runChat({
    ...(await minimalDeps(t)),
    session,
    input: reader,
    write: (s) => void (again += s),
  });
  assert.match(again, /Resumed session [0-9a-f]{8} \(2 messages\)/);
});

async function minimalDeps(t: TestAgent): Promise<ChatDeps> {
  return {
    session: await t.open(),
    input: lines(""),
    write: () => {},
    color: false,
    banner: { version: "0", agent: "main", memoryChunks: 0, embeddings: false },
    openSession: (id) => t.open(id ? { id } : {}),
    checkModel: () => Promise.resolve(),
    listModels: () => Promise.resolve([]),
    listSessions: () => t.store.list(),
    memorySearch: () => Promise.resolve([]),
    reindex: () => Promise.resolve(""),
    memoryChunks: () => Promise.resolve(0),
    skillsText: "",
    skillCommands: [],
    home: t.home.vars.HOME,
    workspace: t.workspace,
    settings: { contextWindow: 1000, reserveTokens: 0, sessionMaxMessages: 15, sessionMaxChars: 0 },
  };
}

Deno.test("runChat() /memory searches and /reindex reports", async () => {
  const { out, t } = await chat([], "/memory Miso\n/reindex\n", {
    setup: (t) =>
      Deno.writeTextFile(join(t.workspace, "MEMORY.md"), "# Memory\n\nThe cat is Miso.\n"),
  });
  await using _ = t;
  assert.match(out, /MEMORY\.md:\d+ \(\d\.\d{3}\) .*Miso/);
  assert.match(out, /Reindexed/);
});

Deno.test("runChat() /compact prints tokens a → b", async () => {
  const { out, t } = await chat(
    [
      textReply("a1"),
      textReply("a2"),
      textReply("a3"),
      textReply("NO_REPLY"),
      textReply("summary"),
    ],
    `q1 ${"w".repeat(400)}\nq2\nq3\n/compact\n`,
  );
  await using _ = t;
  assert.match(out, /Compacted: tokens (\d+) → (\d+)/);
  const [, a, b] = /Compacted: tokens (\d+) → (\d+)/.exec(out)!;
  assert.ok(Number(b) < Number(a));
});

Deno.test("runChat() /export writes markdown and /attach sends a text file", async () => {
  const { out, t } = await chat([], "");
  await using _ = t;
  assert.match(out, /Goodbye!/);
  const file = join(t.home.root, "notes.txt");
  await Deno.writeTextFile(file, "attached body");
  const target = join(t.home.root, "export.md");
  let out2 = "";
  const deps = await minimalDeps(t);
  t.provider.push(textReply("I see the file."));
  await runChat({
    ...deps,
    input: lines(`/attach ${file}\n/attachments\nread this\n/export ${target}\n`),
    write: (s) => void (out2 += s),
  });
  assert.match(out2, /Attached notes\.txt \(text\)/);
  const sent = String(t.provider.calls.at(-1)!.context.messages.at(-1)!.content);
  assert.match(
    sent,
    /read this\n\n\*\*Attached files:\*\*\n\n### notes\.txt\n\n```txt\nattached body\n```/,
  );
  assert.match(
    await Deno.readTextFile(target),
    /## User\n\nread this[\s\S]*## Assistant\n\nI see the file\./,
  );
});
