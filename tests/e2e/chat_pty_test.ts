import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createTempHome, loadFixture, startFakeServer } from "../support/mod.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const hasScript = await new Deno.Command("script", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "localgpt chat in a pseudo-terminal: line editing, history recall, streamed reply",
  ignore: Deno.build.os !== "linux" || !hasScript,
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
    const program = [
      Deno.execPath(),
      "run",
      "-q",
      "-P=localgpt",
      `--config=${ROOT}deno.json`,
      `${ROOT}main.ts`,
      "chat",
    ]
      .map((a) => `'${a}'`).join(" ");
    const child = new Deno.Command("script", {
      args: ["-qfec", program, "/dev/null"],
      env: { ...home.vars, TERM: "xterm" },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    const reader = child.stdout.getReader();
    let screen = "";
    const waitFor = async (re: RegExp, from = 0) => {
      const deadline = Date.now() + 20000;
      while (!re.test(screen.slice(from))) {
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${re}; screen:\n${screen}`);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`ended before ${re}; screen:\n${screen}`);
        screen += new TextDecoder().decode(value);
      }
    };
    const type = (text: string) => writer.write(new TextEncoder().encode(text));
    await waitFor(/You: /);
    await type("helo");
    await type("\x1b[Dl\r");
    await waitFor(/Hello, world!/);
    const mark = screen.length;
    await waitFor(/You: /, mark);
    await type("\x1b[A\r");
    await waitFor(/Hello, world!/, mark);
    await waitFor(/You: /, screen.length - 10);
    await type("/quit\r");
    await waitFor(/Goodbye!/);
    await writer.close();
    reader.releaseLock();
    await child.stdout.cancel();
    await child.stderr.cancel();
    const status = await child.status;
    assert.equal(status.code, 0);
    assert.equal(server.requests[0].json().messages.at(-1).content, "hello");
    assert.equal(server.requests[1].json().messages.at(-1).content, "hello");
  },
});
