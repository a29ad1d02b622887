import assert from "node:assert/strict";
import type { Delivery } from "../../../src/core/mod.ts";
import { createDeliveryHub } from "../../../src/app/daemon/deliveries.ts";
import { createEventBus } from "../../../src/app/daemon/event_bus.ts";
import type { BackgroundEvent } from "../../../src/channels/http/mod.ts";

const delivery: Delivery = { source: "cron", name: "digest", text: "Three notes.", ts: 1 };

function fakeLog() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`INFO ${m}`),
    warn: (m: string) => lines.push(`WARN ${m}`),
  };
}

Deno.test("createDeliveryHub() logs a delivery and hands it to every added channel", async () => {
  const log = fakeLog();
  const hub = createDeliveryHub(log);
  const a: Delivery[] = [];
  const b: Delivery[] = [];
  hub.add((d) => (a.push(d), Promise.resolve()));
  const removeB = hub.add((d) => (b.push(d), Promise.resolve()));
  await hub.deliver(delivery);
  removeB();
  await hub.deliver({ ...delivery, text: "again" });
  assert.deepEqual(a.map((d) => d.text), ["Three notes.", "again"]);
  assert.deepEqual(b.map((d) => d.text), ["Three notes."]);
  assert.equal(log.lines[0], 'INFO cron job "digest" delivered: Three notes.');
});

Deno.test("createDeliveryHub() keeps delivering when one channel fails", async () => {
  const log = fakeLog();
  const hub = createDeliveryHub(log);
  const got: string[] = [];
  hub.add(() => Promise.reject(new Error("telegram is down")));
  hub.add((d) => (got.push(d.text), Promise.resolve()));
  await hub.deliver({ source: "heartbeat", text: "Alert", ts: 2 });
  assert.deepEqual(got, ["Alert"]);
  assert.match(log.lines.join("\n"), /WARN heartbeat: a channel failed: telegram is down/);
});

Deno.test("createEventBus() delivers to subscribers until they leave or the bus closes", async () => {
  const bus = createEventBus();
  const leave = new AbortController();
  const a: BackgroundEvent[] = [];
  const b: BackgroundEvent[] = [];
  const subA = bus.subscribe((e) => a.push(e), leave.signal);
  const subB = bus.subscribe((e) => b.push(e), new AbortController().signal);
  const event: BackgroundEvent = {
    type: "heartbeat",
    event: { ts: 1, status: "ok", duration_ms: 3 },
  };
  bus.publish(event);
  leave.abort();
  await subA;
  bus.publish(event);
  assert.equal(bus.subscribers, 1);
  bus.close();
  await subB;
  assert.deepEqual([a.length, b.length, bus.subscribers], [1, 2, 0]);
});
