import assert from "node:assert/strict";
import {
  escapeHtml,
  markdownToTelegramHtml,
  splitMessage,
  TELEGRAM_MESSAGE_LIMIT,
} from "../../../src/channels/telegram/format.ts";

Deno.test("escapeHtml() escapes <, > and &", () => {
  assert.equal(escapeHtml("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
});

Deno.test("markdownToTelegramHtml() renders fenced code as pre/code with the language, escaped", () => {
  assert.equal(
    markdownToTelegramHtml("Run:\n```ts\nif (a < b && c) {}\n```\ndone"),
    'Run:\n<pre><code class="language-ts">if (a &lt; b &amp;&amp; c) {}</code></pre>\ndone',
  );
});

Deno.test("markdownToTelegramHtml() renders inline code without touching markdown inside it", () => {
  assert.equal(
    markdownToTelegramHtml("use `**x** <y>` now"),
    "use <code>**x** &lt;y&gt;</code> now",
  );
});

Deno.test("markdownToTelegramHtml() renders bold, italic, strikethrough and links", () => {
  assert.equal(
    markdownToTelegramHtml(
      '**bold** and *it* and _it2_ and ~~gone~~ [site](https://x.org/?a=1&b="2")',
    ),
    '<b>bold</b> and <i>it</i> and <i>it2</i> and <s>gone</s> <a href="https://x.org/?a=1&amp;b=&quot;2&quot;">site</a>',
  );
});

Deno.test("markdownToTelegramHtml() keeps snake_case words and lone asterisks as text", () => {
  assert.equal(markdownToTelegramHtml("my_var_name is 2 * 3 * 4"), "my_var_name is 2 * 3 * 4");
});

Deno.test("markdownToTelegramHtml() turns headings into bold, bullets into • and quotes into blockquote", () => {
  assert.equal(
    markdownToTelegramHtml("# Title\n## Sub *x*\n- one\n* two\n> quoted\n> more"),
    "<b>Title</b>\n<b>Sub <i>x</i></b>\n• one\n• two\n<blockquote>quoted\nmore</blockquote>",
  );
});

Deno.test("markdownToTelegramHtml() leaves non-web link targets as text", () => {
  assert.equal(markdownToTelegramHtml("[x](javascript:alert)"), "[x](javascript:alert)");
});

Deno.test("splitMessage() keeps a short message whole", () => {
  assert.deepEqual(splitMessage("hello"), ["hello"]);
});

Deno.test("splitMessage() splits at paragraph boundaries within 4096 characters", () => {
  const para = "x".repeat(3000);
  const chunks = splitMessage(`${para}\n\n${para}\n\n${para}`);
  assert.deepEqual(chunks, [para, para, para]);
});

Deno.test("splitMessage() splits at line boundaries when a paragraph is too long", () => {
  const line = "y".repeat(1500);
  const chunks = splitMessage([line, line, line, line].join("\n"));
  assert.deepEqual(chunks, [`${line}\n${line}`, `${line}\n${line}`]);
  for (const c of chunks) assert.ok(c.length <= TELEGRAM_MESSAGE_LIMIT);
});

Deno.test("splitMessage() cuts a single long word hard", () => {
  const chunks = splitMessage("z".repeat(10000));
  assert.deepEqual(chunks.map((c) => c.length), [4096, 4096, 1808]);
});

Deno.test("splitMessage() closes and reopens tags open at a cut", () => {
  const code = Array.from({ length: 400 }, (_, i) => `line ${i} &lt;x&gt;`).join("\n");
  const html = `<pre><code class="language-ts">${code}</code></pre>`;
  const chunks = splitMessage(html, { html: true });
  assert.ok(chunks.length > 1);
  for (const c of chunks) {
    assert.ok(c.length <= TELEGRAM_MESSAGE_LIMIT, `${c.length}`);
    assert.ok(c.startsWith('<pre><code class="language-ts">'), c.slice(0, 40));
    assert.ok(c.endsWith("</code></pre>"), c.slice(-20));
  }
  const text = chunks.map((c) => c.replace(/<[^>]+>/g, "")).join("\n");
  assert.equal(text, code);
});

Deno.test("splitMessage() never cuts inside a tag or an entity", () => {
  const html = ("a".repeat(9) + ' <a href="https://example.com/x">link</a> &amp;').repeat(300);
  const chunks = splitMessage(html, { html: true, limit: 100 });
  for (const c of chunks) {
    assert.ok(c.length <= 100, c);
    assert.doesNotMatch(c, /<[^>]*$/);
    assert.doesNotMatch(c, /&[a-z]*$/);
    assert.equal(c.match(/<a /g)?.length ?? 0, c.match(/<\/a>/g)?.length ?? 0, c);
  }
});
