/** The daemon process runs heartbeats: a 2 s interval against a fake OpenAI-compatible server. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createTempHome,
  fakeModelConfig,
  fakeModelReply,
  loadFixture,
  runLocalgpt,
  spawnLocalgpt,
  startFakeServer,
  type TempHome,
  waitForHealth,
  writeDaemonConfig,
} from "../support/mod.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

// A loaded machine may take more than the default timeout (interval / 2) for one model call.
const HEARTBEAT = `[heartbeat]\ninterval = "2s"\noverdue_delay = "1s"\ntimeout = "30s"\n`;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startDaemon(home: TempHome, fakeUrl: string) {
  const port = await writeDaemonConfig(home, { before: fakeModelConfig(fakeUrl) + HEARTBEAT });
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(workspace, { recursive: true });
  await Deno.writeTextFile(join(workspace, "HEARTBEAT.md"), "# Tasks\n\n- [ ] check the backups\n");
  const child = spawnLocalgpt(["daemon", "start", "-f"], { vars: home.vars, stdout: "piped" });
  let stdout = "";
  const reading = (async () => {
    for await (const t of child.stdout.pipeThrough(new TextDecoderStream())) stdout += t;
  })();
  await waitForHealth(port);
  return { base: `http://127.0.0.1:${port}`, child, stdout: () => stdout, reading };
}

Deno.test("the daemon ticks every 2 s; /api/heartbeat/status and daemon status agree", async () => {
  await using fake = await startFakeServer(() => fakeModelReply("HEARTBEAT_OK"));
  await using home = await createTempHome();
  const d = await startDaemon(home, fake.url);
  try {
    await until("two heartbeat model calls", () => fake.requests.length >= 2);
    assert.match(d.stdout(), /Heartbeat: enabled \(interval: 2s\)/);
    const get = async () => await (await fetch(`${d.base}/api/heartbeat/status`)).json();
    const before: Json = await get();
    const status = await runLocalgpt(["daemon", "status", "--json"], { vars: home.vars });
    const after: Json = await get();
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout);
    assert.equal(s.services.heartbeat, true);
    assert.equal(before.running, true);
    assert.equal(before.last_event.status, "ok");
    assert.equal(s.heartbeat.last_event.status, "ok");
    assert.ok(
      s.heartbeat.last_event.ts >= before.last_event.ts &&
        s.heartbeat.last_event.ts <= after.last_event.ts,
    );
    assert.equal(s.heartbeat.interval, "2s");
    assert.ok(Date.parse(s.heartbeat.next_run) > s.heartbeat.last_event.ts);
    const text = await runLocalgpt(["daemon", "status"], { vars: home.vars });
    assert.match(text.stdout, /Heartbeat +running, every 2s, timeout 30s/);
    assert.match(text.stdout, /Last heartbeat +ok \d+ s ago/);
    const sessions = await runLocalgpt(["sessions", "list", "--json"], { vars: home.vars });
    const kinds = JSON.parse(sessions.stdout).sessions.map((x: Json) => x.kind);
    assert.ok(kinds.length >= 2 && kinds.every((k: string) => k === "heartbeat"), kinds.join());
  } finally {
    d.child.kill("SIGTERM");
    await d.child.status;
    await d.reading;
  }
});

Deno.test("the daemon delivers a heartbeat alert to web UI clients once", async () => {
  await using fake = await startFakeServer(() => fakeModelReply("The backup failed twice."));
  await using home = await createTempHome();
  const d = await startDaemon(home, fake.url);
  try {
    const res = await fetch(`${d.base}/api/events`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    await until("a delivery and a de-duplicated tick", async () => {
      const { value } = await reader.read();
      seen += value ?? "";
      return /"type":"delivery"/.test(seen) && /"status":"skipped"/.test(seen);
    });
    await reader.cancel();
    const events = seen.split("\n\n").filter((f) => f.startsWith("data: ")).map((f) =>
      JSON.parse(f.slice(6))
    );
    const deliveries = events.filter((e) => e.type === "delivery");
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].source, "heartbeat");
    assert.equal(deliveries[0].text, "The backup failed twice.");
    const ticks = events.filter((e) => e.type === "heartbeat").map((e) => e.event.status);
    assert.deepEqual(ticks.slice(0, 2), ["sent", "skipped"]);
  } finally {
    d.child.kill("SIGTERM");
    await d.child.status;
    await d.reading;
  }
});

Deno.test("SIGTERM during a heartbeat tick saves its session and records the interruption", async () => {
  const partial = loadFixture("openai_plain");
  await using fake = await startFakeServer(() => ({
    ...partial,
    body: partial.body!.split("\n\n").slice(0, 2).join("\n\n") + "\n\n",
    hang: true,
  }));
  await using home = await createTempHome();
  const d = await startDaemon(home, fake.url);
  await until("the heartbeat's model call", () => fake.requests.length >= 1);
  d.child.kill("SIGTERM");
  const status = await d.child.status;
  await d.reading;
  assert.equal(status.code, 0);
  const sessions = await runLocalgpt(["sessions", "list", "--json"], { vars: home.vars });
  const [session] = JSON.parse(sessions.stdout).sessions;
  assert.equal(session.kind, "heartbeat");
  const shown = await runLocalgpt(["sessions", "show", session.id], { vars: home.vars });
  assert.match(shown.stdout, /HEARTBEAT\.md/);
  const state = JSON.parse(
    await Deno.readTextFile(join(home.vars.LOCALGPT_STATE_DIR, "last_heartbeat")),
  );
  assert.equal(state.last_event.status, "failed");
  assert.match(state.last_event.reason, /interrupted/);
});
