import assert from "node:assert/strict";
import { LineEditor, type Terminal } from "../../src/channels/cli/mod.ts";

function fakeTerminal(keys: string[]): Terminal & { raw: boolean[]; out: string } {
  const queue = keys.map((k) => new TextEncoder().encode(k));
  const term = {
    raw: [] as boolean[],
    out: "",
    read(buffer: Uint8Array) {
      const next = queue.shift();
      if (!next) return Promise.resolve(null);
      buffer.set(next);
      return Promise.resolve(next.length);
    },
    setRaw(raw: boolean) {
      term.raw.push(raw);
    },
    write(text: string) {
      term.out += text;
    },
  };
  return term;
}

Deno.test("LineEditor.readLine() edits with cursor keys and restores cooked mode", async () => {
  const term = fakeTerminal(["helo", "\x1b[D", "l", "\x05", "!", "\r"]);
  const editor = new LineEditor(term);
  assert.equal(await editor.readLine(), "hello!");
  assert.deepEqual(term.raw, [true, false]);
});

Deno.test("LineEditor.readLine() recalls history with Up and Down", async () => {
  const term = fakeTerminal(["\x1b[A", "\x1b[A", "\r", "draft", "\x1b[A", "\x1b[B", "\r"]);
  const editor = new LineEditor(term, ["first", "second"]);
  assert.equal(await editor.readLine(), "first");
  assert.equal(await editor.readLine(), "draft");
});

Deno.test("LineEditor.readLine() clears on Ctrl-C, deletes words and ends on Ctrl-D", async () => {
  const term = fakeTerminal(["junk\x03", "one two\x17\x7fX\r", "\x04"]);
  const editor = new LineEditor(term);
  assert.equal(await editor.readLine(), "");
  assert.equal(await editor.readLine(), "oneX");
  assert.equal(await editor.readLine(), null);
});

Deno.test("LineEditor.readLine() splits pasted text into lines", async () => {
  const editor = new LineEditor(fakeTerminal(["a\rb\r"]));
  assert.equal(await editor.readLine(), "a");
  assert.equal(await editor.readLine(), "b");
  assert.equal(await editor.readLine(), null);
});

Deno.test("LineEditor.readLine() moves the cursor by two columns over a CJK character", async () => {
  const term = fakeTerminal(["你好", "\x1b[D", "Z", "\r"]);
  const editor = new LineEditor(term);
  assert.equal(await editor.readLine(), "你Z好");
  assert.ok(term.out.includes("\x1b[2D\x1b[K你Z好\x1b[2D"), JSON.stringify(term.out));
});

Deno.test("LineEditor.readLine() moves across wrapped rows when the line is wider than the terminal", async () => {
  // The terminal reports the cursor at column 6 (after "You: "), and is 10 columns wide.
  const term = Object.assign(fakeTerminal(["\x1b[1;6R", "abcdefghij", "\x1b[H", "\r"]), {
    columns: () => 10,
  });
  const editor = new LineEditor(term);
  assert.equal(await editor.readLine(), "abcdefghij");
  assert.ok(term.out.startsWith("\x1b[6n"));
  // Home: up one row to the input start, redraw, then back up to the start column.
  assert.ok(
    term.out.includes("\x1b[1A\r\x1b[5C\x1b[Jabcdefghij\x1b[1A\r\x1b[5C"),
    JSON.stringify(term.out),
  );
});

Deno.test("LineEditor.readLine() keeps an answer read with remember: false out of the history", async () => {
  const term = fakeTerminal(["hello\r", "y\r", "\x1b[A", "\r"]);
  const editor = new LineEditor(term);
  assert.equal(await editor.readLine(), "hello");
  assert.equal(await editor.readLine({ remember: false }), "y");
  assert.equal(await editor.readLine(), "hello");
});
