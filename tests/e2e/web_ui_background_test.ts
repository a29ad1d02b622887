import assert from "node:assert/strict";
import { join } from "node:path";
import { createHttpApp, type HeartbeatStatus } from "../../src/channels/http/mod.ts";
import { webAssets } from "../../src/app/daemon/web_assets.ts";
import { createEventBus } from "../../src/app/daemon/event_bus.ts";
import {
  ARTIFACTS,
  chromiumAvailable,
  createTestHttpDeps,
  runBrowserDriver,
} from "../support/mod.ts";

const NOW = Date.now();

function status(lastStatus: string): HeartbeatStatus {
  const history = [
    { ts: NOW - 3_600_000, status: "ok", duration_ms: 1200, tokens: 900 },
    {
      ts: NOW - 1_800_000,
      status: "skipped",
      duration_ms: 2,
      reason: "HEARTBEAT.md has no open tasks",
    },
    {
      ts: NOW - 60_000,
      status: lastStatus,
      duration_ms: 3400,
      preview: "The backup failed twice.",
    },
  ];
  return {
    enabled: true,
    running: true,
    interval: "30m",
    timeout: "15m",
    active_hours: { start: "09:00", end: "22:00" },
    timezone: "Europe/Berlin",
    model: "fake/fake-model",
    max_tokens_per_day: 20000,
    next_run: new Date(NOW + 29 * 60_000).toISOString(),
    last_event: { ...history[2], age_seconds: 60 },
    history,
    today: { date: "2026-03-01", tokens: 4100, cost: 0.0123 },
  };
}

Deno.test({
  name: "web UI shows the heartbeat badge, history, next run, cron jobs and a live delivery",
  ignore: !chromiumAvailable(),
  async fn() {
    const shots = join(ARTIFACTS, "web");
    await Deno.mkdir(shots, { recursive: true });
    const bus = createEventBus();
    let last = "ok";
    await using t = await createTestHttpDeps({
      web: webAssets(),
      security: { authRequired: true },
      heartbeat: () => Promise.resolve(status(last)),
      cron: () =>
        Promise.resolve({
          jobs: [{
            name: "digest",
            schedule: "0 18 * * MON-FRI",
            prompt: "Summarise today's notes",
            enabled: true,
            timeout: "10m",
            model: "fake/fake-model",
            running: false,
            next_run: new Date(NOW + 5 * 3_600_000).toISOString(),
            last_run: { ts: NOW - 86_400_000, status: "sent", duration_ms: 5100 },
          }, {
            name: "inbox",
            schedule: "every 2h",
            prompt: "Check memory/inbox.md",
            enabled: false,
            timeout: "5m",
            model: "fake/fake-model",
            running: false,
            next_run: null,
            last_run: null,
          }],
        }),
      subscribeBackground: (listener, signal) => bus.subscribe(listener, signal),
    });
    t.loginCodes.add("login-code");
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createHttpApp(t.deps).fetch,
    );
    await Deno.remove(join(shots, "background.ready")).catch(() => {});
    const driving = runBrowserDriver(
      new URL("./drivers/background_driver.ts", import.meta.url),
      [`http://127.0.0.1:${server.addr.port}`, "login-code", shots],
    );
    // Once the driver has read the panel (and the page listens), a tick is delivered.
    const ready = join(shots, "background.ready");
    while (bus.subscribers === 0 || !await Deno.stat(ready).catch(() => undefined)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    last = "sent";
    bus.publish({
      type: "delivery",
      source: "heartbeat",
      text: "The backup **failed** twice.",
      ts: NOW,
    });
    bus.publish({ type: "heartbeat", event: { ts: NOW, status: "sent", duration_ms: 3400 } });
    const seen = await driving;
    bus.close();
    assert.equal(seen.badge, "♥ ok");
    assert.match(String(seen.badgeClass), /\bok\b/);
    assert.equal(seen.panelVisible, true);
    assert.match(String(seen.facts), /running · every 30m/);
    assert.match(String(seen.facts), /in 2\dm/);
    assert.match(String(seen.facts), /09:00–22:00 \(Europe\/Berlin\)/);
    assert.match(String(seen.facts), /4100 of 20000 tokens · \$0\.0123/);
    assert.deepEqual(seen.historyStatuses, ["ok", "skipped", "ok"]);
    assert.match(String((seen.history as string[])[1]), /no open tasks/);
    assert.match(String((seen.jobs as string[])[0]), /digest.*0 18 \* \* MON-FRI.*sent/);
    assert.match(String((seen.jobs as string[])[1]), /inbox.*every 2h.*disabled/);
    assert.match(String(seen.delivery), /Heartbeat\s*The backup failed twice\./);
    assert.equal(seen.badgeAfter, "♥ sent");
    assert.ok((await Deno.stat(join(shots, "background.png"))).size > 1000);
  },
});
