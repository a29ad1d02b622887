import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/mod.ts";
import type { Memory } from "../../../src/memory/mod.ts";
import { createDaemonDeps } from "../../../src/app/daemon/deps.ts";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import { createTempHome, FakeChatBackend } from "../../support/mod.ts";

Deno.test("createDaemonDeps() without background services reports the heartbeat as not running", async () => {
  await using home = await createTempHome();
  const loaded = await loadConfig({ host: home.host });
  assert.equal(loaded.config.heartbeat.enabled, true);
  const deps = createDaemonDeps({
    loaded,
    host: home.host,
    backend: new FakeChatBackend(),
    memory: {} as Memory,
    token: "t".repeat(32),
    startedAt: 0,
    log: { info() {}, warn() {}, error() {}, flush: () => Promise.resolve() } as never,
  });
  const status = await deps.heartbeat!();
  assert.equal(status.enabled, true);
  assert.equal(status.running, false);
  const cron = await createHttpApp(deps).request("/api/cron");
  assert.deepEqual(await cron.json(), { jobs: [] });
});
