/** Helpers for e2e tests of the daemon: config for a free port, waiting until it listens. */
import { join } from "node:path";
import type { TempHome } from "./home.ts";
import { closedPort } from "./streams.ts";
import type { FakeResponse } from "./fake_server.ts";

/**
 * Writes a config for a daemon on a free loopback port (keyword memory); `server` adds keys to
 * `[server]`, `before` adds sections in front. Returns the port.
 */
export async function writeDaemonConfig(
  home: TempHome,
  options: { server?: string; before?: string } = {},
): Promise<number> {
  const port = closedPort();
  await home.writeConfig(
    `${options.before ?? ""}[server]\nport = ${port}\n${
      options.server ?? ""
    }[memory.embedding]\nprovider = "none"\n`,
  );
  return port;
}

/** Config sections that point the default model at a fake OpenAI-compatible server. */
export function fakeModelConfig(url: string): string {
  return `[agent]\ndefault_model = "openai-compatible/m"\n[providers.openai_compatible]\nbase_url = "${url}/v1"\n`;
}

/** The daemon's pid file in a temp home. */
export function pidFileOf(home: TempHome): string {
  return join(home.vars.LOCALGPT_STATE_DIR, "daemon.pid");
}

/** Waits until `/health` answers on `port` (or throws after `timeoutMs`). */
export async function waitForHealth(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`daemon on port ${port} did not answer /health within ${timeoutMs} ms`);
}

/** A fake OpenAI-compatible server's streamed answer that says `text` (for fakeModelConfig). */
export function fakeModelReply(text: string): FakeResponse {
  const chunk = (delta: unknown, finish: string | null) =>
    `data: ${
      JSON.stringify({
        id: "c1",
        object: "chat.completion.chunk",
        model: "m",
        choices: [{ index: 0, delta, finish_reason: finish }],
      })
    }\n\n`;
  return {
    headers: { "content-type": "text/event-stream" },
    body: chunk({ role: "assistant", content: text }, null) + chunk({}, "stop") +
      "data: [DONE]\n\n",
  };
}
