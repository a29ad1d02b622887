import assert from "node:assert/strict";
import {
  createTempHome,
  HAS_SCRIPT,
  loadFixture,
  startFakeServer,
  startPty,
} from "../support/mod.ts";

Deno.test({
  name: "localgpt chat in a pseudo-terminal: line editing, history recall, streamed reply",
  ignore: !HAS_SCRIPT,
  async fn() {
    await using server = await startFakeServer([
      loadFixture("openai_plain"),
      loadFixture("openai_plain"),
    ]);
    await using home = await createTempHome();
    await home.writeConfig(
      `[agent]\ndefault_model = "openai-compatible/test-model"\n\n` +
        `[providers.openai_compatible]\nbase_url = "${server.url}/v1"\n\n[memory.embedding]\nprovider = "none"\n`,
    );
    const pty = startPty(["chat"], home.vars);
    await pty.waitFor(/You: /);
    await pty.type("helo");
    await pty.type("\x1b[Dl\r");
    await pty.waitFor(/Hello, world!/);
    const mark = pty.screen().length;
    await pty.waitFor(/You: /, mark);
    await pty.type("\x1b[A\r");
    await pty.waitFor(/Hello, world!/, mark);
    await pty.waitFor(/You: /, pty.screen().length - 10);
    await pty.type("/quit\r");
    await pty.waitFor(/Goodbye!/);
    assert.equal(await pty.close(), 0);
    assert.equal(server.requests[0].json().messages.at(-1).content, "hello");
    assert.equal(server.requests[1].json().messages.at(-1).content, "hello");
  },
});
