import assert from "node:assert/strict";
import { createHttpApp } from "../../../src/channels/http/mod.ts";
import { createEventBus } from "../../../src/app/daemon/event_bus.ts";
import { createTestHttpDeps } from "../../support/mod.ts";

Deno.test("GET /api/cron lists the jobs the deps report, or none", async () => {
  await using empty = await createTestHttpDeps();
  const none = await createHttpApp(empty.deps).request("/api/cron");
  assert.deepEqual(await none.json(), { jobs: [] });
  const job = {
    name: "digest",
    schedule: "every 2h",
    prompt: "p",
    enabled: true,
    timeout: "10m",
    model: "fake/fake-model",
    running: false,
    next_run: "2026-03-01T12:00:00.000Z",
    last_run: null,
  };
  await using t = await createTestHttpDeps({ cron: () => Promise.resolve({ jobs: [job] }) });
  const res = await createHttpApp(t.deps).request("/api/cron");
  assert.deepEqual(await res.json(), { jobs: [job] });
});

Deno.test("GET /api/events streams background events until the bus closes", async () => {
  const bus = createEventBus();
  await using t = await createTestHttpDeps({
    subscribeBackground: (listener, signal) => bus.subscribe(listener, signal),
  });
  const res = await createHttpApp(t.deps).request("/api/events");
  assert.match(res.headers.get("content-type")!, /text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  assert.match((await reader.read()).value!, /"type":"ready"/);
  bus.publish({ type: "delivery", source: "heartbeat", text: "Alert", ts: 5 });
  assert.match((await reader.read()).value!, /"type":"delivery".*"text":"Alert"/);
  bus.close();
  assert.equal((await reader.read()).done, true);
});
