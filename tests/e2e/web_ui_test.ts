import assert from "node:assert/strict";
import { join } from "node:path";
import { createHttpApp } from "../../src/channels/http/mod.ts";
import { webAssets } from "../../src/app/daemon/web_assets.ts";
import {
  approvingBackend,
  ARTIFACTS,
  chromiumAvailable,
  createTestAgent,
  createTestHttpDeps,
  fakeTextTurn,
  type FakeTurn,
  runBrowserDriver,
  textReply,
  toolCallReply,
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
    const shots = join(ARTIFACTS, "web");
    await Deno.mkdir(shots, { recursive: true });
    await using t = await createTestHttpDeps({
      web: webAssets(),
      security: { authRequired: true },
    });
    t.backend.push(TOOL_TURN).push(fakeTextTurn('<img src=x onerror="window.__xss=1"> done'));
    await t.ws.write("MEMORY.md", "# Memory\n\nMy cat is called Pixel.\n");
    await t.memory.sync();
    t.loginCodes.add("login-code");
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createHttpApp(t.deps).fetch,
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const seen = await runBrowserDriver(
      new URL("./drivers/web_ui_driver.ts", import.meta.url),
      [base, "login-code", shots],
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
    assert.match(String(seen.statusPanel), /TelegramDisabled/);
    assert.match(String(seen.configPanel), /"auth_token": "\*\*\*"/);
    assert.match(String(seen.logsPanel), /daemon started/);
    assert.match(String(seen.filesPanel), /MEMORY\.md/);
    assert.equal(seen.resumedMessages, 4);
    assert.equal(seen.deleted, true);
    assert.deepEqual(await t.backend.listSessions(), []);
    assert.deepEqual([seen.phoneSideBefore, seen.phoneSideAfter], [false, true]);
    assert.equal(t.backend.sends[0].text, "What is my cat called?");
    for (const name of ["1-chat", "2-tool", "3-search", "4-edit", "5-theme", "6-phone"]) {
      assert.ok((await Deno.stat(join(shots, `${name}.png`))).size > 1000, name);
    }
  },
});

Deno.test({
  name: "web UI shows a gated tool with its arguments and Allow / Deny / Always buttons",
  ignore: !chromiumAvailable(),
  async fn() {
    const shots = join(ARTIFACTS, "web");
    await Deno.mkdir(shots, { recursive: true });
    await using agent = await createTestAgent([
      toolCallReply("write_file", { path: "notes/a.md", content: "alpha" }, "call_a"),
      textReply("Saved a."),
      toolCallReply("write_file", { path: "notes/b.md", content: "beta" }, "call_b"),
      textReply("Not saved."),
      toolCallReply("write_file", { path: "notes/c.md", content: "gamma" }, "call_c"),
      toolCallReply("write_file", { path: "notes/d.md", content: "delta" }, "call_d"),
      textReply("Saved c and d."),
    ], { settings: { requireApproval: ["write_file"] } });
    const { backend, records } = approvingBackend(agent.deps);
    await using t = await createTestHttpDeps({
      backend,
      web: webAssets(),
      security: { authRequired: true },
    });
    t.loginCodes.add("login-code");
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createHttpApp(t.deps).fetch,
    );
    try {
      const seen = await runBrowserDriver(
        new URL("./drivers/approval_driver.ts", import.meta.url),
        [`http://127.0.0.1:${server.addr.port}`, "login-code", shots],
      ) as Record<string, Record<string, unknown>>;
      assert.match(String(seen.allow.text), /write_file wants to run/);
      assert.match(String(seen.allow.text), /Denied automatically in (?:2:00|1:5\d)/);
      assert.deepEqual(JSON.parse(String(seen.allow.args)), {
        path: "notes/a.md",
        content: "alpha",
      });
      assert.deepEqual(seen.allow.buttons, ["Allow", "Deny", "Always for this session"]);
      assert.equal(seen.allow.focused, "Allow");
      assert.deepEqual([seen.allow.outcome, seen.allow.status], ["allow", "Allowed"]);
      assert.equal(seen.allow.answer, "Saved a.");
      assert.deepEqual([seen.deny.outcome, seen.deny.status], ["deny", "Denied"]);
      assert.match(String(seen.deny.toolOutput), /did not approve running write_file/);
      // "always": the second write of the same turn runs without another card.
      assert.deepEqual([seen.always.outcome, seen.always.cards], ["always", 1]);
      assert.equal(seen.always.answer, "Saved c and d.");
      const file = (name: string) => Deno.readTextFile(join(agent.workspace, "notes", name));
      assert.deepEqual([await file("a.md"), await file("c.md"), await file("d.md")], [
        "alpha",
        "gamma",
        "delta",
      ]);
      await assert.rejects(file("b.md"), Deno.errors.NotFound);
      assert.deepEqual(records.map((r) => [r.callId, r.outcome, r.remembered ?? false]), [
        ["call_a", "allow", false],
        ["call_b", "deny", false],
        ["call_c", "always", false],
        ["call_d", "allow", true],
      ]);
      for (const name of ["approval-1-card", "approval-2-deny", "approval-3-always"]) {
        assert.ok((await Deno.stat(join(shots, `${name}.png`))).size > 1000, name);
      }
    } finally {
      await backend.close();
    }
  },
});
