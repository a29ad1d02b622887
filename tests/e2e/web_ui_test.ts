import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ARTIFACTS,
  chromiumAvailable,
  createWebUiDeps,
  driveWebUiTest,
  fakeTextTurn,
  type FakeTurn,
} from "../support/mod.ts";

const TOOL_TURN: FakeTurn = {
  delayMs: 20,
  events: [
    { type: "tool_start", id: "t1", name: "memory_search", detail: '{"query":"cat"}' },
    { type: "tool_end", id: "t1", name: "memory_search", output: "MEMORY.md:3 The cat is Pixel." },
    { type: "text_delta", text: "Your cat is " },
    { type: "text_delta", text: '**Pixel**.\n\n```js\nconst cat = "Pixel";\n```' },
  ],
};

Deno.test({
  name: "web UI streams a reply, opens a tool block, searches and edits memory, switches theme",
  ignore: !chromiumAvailable(),
  async fn() {
    await using t = await createWebUiDeps();
    t.backend.push(TOOL_TURN).push(fakeTextTurn('<img src=x onerror="window.__xss=1"> done'));
    await t.ws.write("MEMORY.md", "# Memory\n\nMy cat is called Pixel.\n");
    await t.memory.sync();
    const { seen, base } = await driveWebUiTest(
      t,
      new URL("./drivers/web_ui_driver.ts", import.meta.url),
    );
    assert.equal(seen.url, `${base}/`);
    assert.match(String(seen.welcome), /Welcome to LocalGPT/);
    assert.equal(seen.strong, "Pixel");
    assert.equal(seen.keyword, "const");
    assert.deepEqual([seen.toolOpenBefore, seen.toolOpenAfter], [false, true]);
    assert.match(String(seen.toolOutput), /The cat is Pixel/);
    assert.match(String(seen.toolArgs), /"query": "cat"/);
    assert.match(String(seen.highlighted), /Pixel/);
    assert.match(String(seen.quokkaHit), /quokka/);
    assert.match(await Deno.readTextFile(join(t.ws.workspace, "MEMORY.md")), /quokka stamps/);
    assert.notEqual(seen.themeBefore, seen.themeAfter);
    assert.match(String(seen.htmlAsText), /<img src=x onerror=/);
    assert.deepEqual([seen.injectedImages, seen.xss], [0, 0]);
    assert.equal(seen.unknownCommand, "Unknown command: /nope. Type /help");
    assert.match(String(seen.statusPanel), /fake\/fake-model/);
    assert.match(String(seen.configPanel), /"auth_token": "\*\*\*"/);
    assert.match(String(seen.logsPanel), /daemon started/);
    assert.match(String(seen.filesPanel), /MEMORY\.md/);
    assert.equal(seen.resumedMessages, 4);
    assert.equal(seen.deleted, true);
    assert.deepEqual(await t.backend.listSessions(), []);
    assert.deepEqual([seen.phoneSideBefore, seen.phoneSideAfter], [false, true]);
    assert.equal(t.backend.sends[0].text, "What is my cat called?");
    for (const name of ["1-chat", "2-tool", "3-search", "4-edit", "5-theme", "6-phone"]) {
      assert.ok((await Deno.stat(join(ARTIFACTS, "web", `${name}.png`))).size > 1000, name);
    }
  },
});
