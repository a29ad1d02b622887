import assert from "node:assert/strict";
import {
  createLiveReply,
  htmlToPlain,
  type ReplyTarget,
  THINKING,
} from "../../../src/channels/telegram/live_reply.ts";
import { createFakeClock, type FakeClock } from "../../support/fake_clock.ts";

interface Call {
  op: "send" | "edit";
  id: number;
  text: string;
  html: boolean;
  at: number;
}

function recorder(clock: FakeClock, reject?: (text: string, html: boolean) => Error | undefined) {
  const calls: Call[] = [];
  let next = 100;
  const target: ReplyTarget = {
    send(text, { html }) {
      const error = reject?.(text, html);
      if (error) return Promise.reject(error);
      calls.push({ op: "send", id: ++next, text, html, at: clock.now() });
      return Promise.resolve(next);
    },
    edit(id, text, { html }) {
      const error = reject?.(text, html);
      if (error) return Promise.reject(error);
      calls.push({ op: "edit", id, text, html, at: clock.now() });
      return Promise.resolve();
    },
  };
  return { calls, target };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

Deno.test("createLiveReply() sends Thinking… at once and edits at most once per 2 s", async () => {
  const clock = createFakeClock();
  const { calls, target } = recorder(clock);
  const reply = createLiveReply({ target, clock });
  await reply.start();
  assert.deepEqual(calls.map((c) => [c.op, c.text]), [["send", THINKING]]);
  reply.onEvent({ type: "text_delta", text: "Hel" });
  reply.onEvent({ type: "text_delta", text: "lo" });
  await flush();
  assert.equal(calls.length, 1, "no edit before 2 s");
  await clock.advance(2000);
  assert.deepEqual(calls.slice(1).map((c) => [c.op, c.text, c.at]), [[
    "edit",
    "Hello …",
    1_002_000,
  ]]);
  for (let i = 0; i < 20; i++) {
    reply.onEvent({ type: "text_delta", text: ` w${i}` });
    await clock.advance(300);
  }
  const edits = calls.filter((c) => c.op === "edit");
  for (let i = 1; i < edits.length; i++) {
    assert.ok(edits[i].at - edits[i - 1].at >= 2000, `edits ${i - 1},${i} too close`);
  }
  assert.ok(edits.length >= 3, `only ${edits.length} edits`);
});

Deno.test("createLiveReply() shows tool lines and warnings, then the final answer as HTML", async () => {
  const clock = createFakeClock({ auto: true });
  const { calls, target } = recorder(clock);
  const reply = createLiveReply({ target, clock });
  await reply.start();
  reply.onEvent({ type: "tool_start", id: "1", name: "read_file", args: {}, detail: "notes.md" });
  reply.onEvent({
    type: "tool_end",
    id: "1",
    name: "read_file",
    output: "x",
    isError: false,
    warnings: ["possible prompt injection in tool output"],
    durationMs: 1,
  });
  reply.onEvent({ type: "text_delta", text: "**Done** <ok>" });
  await reply.finish();
  const last = calls.at(-1)!;
  assert.equal(last.op, "edit");
  assert.equal(last.html, true);
  assert.equal(
    last.text,
    "🔧 read_file(notes.md)\n\n<b>Done</b> &lt;ok&gt;\n\n⚠️ possible prompt injection in tool output",
  );
  const edits = calls.filter((c) => c.op === "edit");
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i].at - edits[i - 1].at >= 2000);
});

Deno.test("createLiveReply() sends a long answer as several messages of at most 4096 characters", async () => {
  const clock = createFakeClock({ auto: true });
  const { calls, target } = recorder(clock);
  const reply = createLiveReply({ target, clock });
  await reply.start();
  const para = "word ".repeat(700).trim();
  await reply.finish([para, para, para].join("\n\n"));
  const final = calls.slice(1);
  assert.deepEqual(final.map((c) => c.op), ["edit", "send", "send"]);
  for (const c of final) assert.ok(c.text.length <= 4096 && c.html);
  assert.equal(final.map((c) => c.text).join("\n\n"), [para, para, para].join("\n\n"));
});

Deno.test("createLiveReply() resends a chunk as plain text when Telegram rejects its HTML", async () => {
  const clock = createFakeClock({ auto: true });
  const { calls, target } = recorder(
    clock,
    (_text, html) =>
      html
        ? new Error("Call to 'editMessageText' failed! (400: Bad Request: can't parse entities: x)")
        : undefined,
  );
  const errors: unknown[] = [];
  const reply = createLiveReply({ target, clock, onError: (e) => errors.push(e) });
  await reply.start();
  await reply.finish("See [the docs](https://x.org) & **more**");
  assert.deepEqual(calls.at(-1), {
    op: "edit",
    id: 101,
    text: "See the docs (https://x.org) & more",
    html: false,
    at: calls.at(-1)!.at,
  });
  assert.equal(errors.length, 1);
});

Deno.test("createLiveReply() reports a turn error in the final message", async () => {
  const clock = createFakeClock({ auto: true });
  const { calls, target } = recorder(clock);
  const reply = createLiveReply({ target, clock });
  await reply.start();
  reply.onEvent({ type: "error", message: "model unreachable" });
  await reply.finish("");
  assert.equal(calls.at(-1)!.text, "⚠️ model unreachable");
});

Deno.test("htmlToPlain() drops tags, unescapes entities and keeps link targets", () => {
  assert.equal(
    htmlToPlain('<b>a</b> &lt;&amp;&gt; <a href="https://u">u2</a>'),
    "a <&> u2 (https://u)",
  );
});
