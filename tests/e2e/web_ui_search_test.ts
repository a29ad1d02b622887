import assert from "node:assert/strict";
import {
  chromiumAvailable,
  createWebUiDeps,
  driveWebUiTest,
  type FakeTurn,
} from "../support/mod.ts";

const OUTPUT = `<external_content tool="web_search">
**Search results for:** deno
_Provider: brave | 3 results | 84 ms_

1. **Deno, the next-generation JavaScript runtime**
   https://deno.com/
   Deno is the open-source JavaScript runtime.
2. **A <b>bold</b> title**
   https://example.org/a?x=1&y=2
3. **Sneaky**
   javascript:alert(1)
</external_content>`;

const SEARCH_TURN: FakeTurn = {
  events: [
    { type: "tool_start", id: "t1", name: "web_search", detail: "deno" },
    { type: "tool_end", id: "t1", name: "web_search", output: OUTPUT },
    { type: "text_delta", text: "Deno is a runtime." },
    {
      type: "citations",
      citations: [
        { url: "https://deno.com/", title: "Deno" },
        { url: "javascript:alert(2)", title: "bad" },
      ],
    },
  ],
};

Deno.test({
  name: "web UI shows web_search results (client and native) as tool blocks with safe links",
  ignore: !chromiumAvailable(),
  async fn() {
    await using t = await createWebUiDeps();
    t.backend.push(SEARCH_TURN);
    t.backend.addSaved("native-1", [
      { role: "user", content: "Native?" },
      {
        role: "assistant",
        content: "From Anthropic's own search.",
        web_searches: [{
          id: "srvtoolu_1",
          query: "deno",
          results: [
            { title: "Deno", url: "https://deno.com/" },
            { title: "Bad", url: "javascript:alert(3)" },
          ],
        }],
        citations: [{ url: "https://deno.com/", title: "Deno" }],
      },
    ], "Native search");
    t.backend.addSaved("client-1", [
      { role: "user", content: "Client?" },
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "c1", name: "web_search", arguments: '{"query":"deno"}' }],
      },
      { role: "tool", content: OUTPUT, tool_call_id: "c1" },
      { role: "assistant", content: "Deno is a runtime." },
    ], "Client search");
    const { seen } = await driveWebUiTest(
      t,
      new URL("./drivers/web_ui_search_driver.ts", import.meta.url),
    );
    assert.equal(seen.open, true);
    assert.deepEqual(seen.links, [
      {
        text: "Deno, the next-generation JavaScript runtime",
        href: "https://deno.com/",
        target: "_blank",
        rel: "noopener noreferrer",
      },
      {
        text: "A <b>bold</b> title",
        href: "https://example.org/a?x=1&y=2",
        target: "_blank",
        rel: "noopener noreferrer",
      },
    ]);
    assert.deepEqual(seen.meta, ["Provider: brave | 3 results | 84 ms"]);
    assert.deepEqual(seen.snippets, ["Deno is the open-source JavaScript runtime."]);
    assert.deepEqual(seen.sources, ["https://deno.com/"]);
    assert.deepEqual(seen.nativeLinks, ["https://deno.com/"]);
    assert.deepEqual(seen.nativeSources, ["https://deno.com/"]);
    assert.deepEqual(seen.clientLinks, ["https://deno.com/", "https://example.org/a?x=1&y=2"]);
  },
});
