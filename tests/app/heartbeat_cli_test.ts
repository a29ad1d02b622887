import assert from "node:assert/strict";
import { join } from "node:path";
import { tryWorkspaceLock } from "../../src/heartbeat/mod.ts";
import {
  createTempHome,
  fakeModelConfig,
  fakeModelReply,
  runCliCaptured,
  startFakeServer,
  type TempHome,
} from "../support/mod.ts";

async function homeWith(url: string, tasks?: string): Promise<TempHome> {
  const home = await createTempHome();
  await home.writeConfig(
    fakeModelConfig(url) +
      `[memory.embedding]\nprovider = "none"\n[[cron.jobs]]\nname = "digest"\nschedule = "0 18 * * *"\nprompt = "Summarise today"\n`,
  );
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(ws, { recursive: true });
  if (tasks !== undefined) await Deno.writeTextFile(join(ws, "HEARTBEAT.md"), tasks);
  return home;
}

const reply = (text: string) => () => fakeModelReply(text);

Deno.test("localgpt daemon heartbeat prints the OK line when nothing needs attention", async () => {
  await using fake = await startFakeServer(reply("HEARTBEAT_OK"));
  await using home = await homeWith(fake.url, "- [ ] check mail\n");
  const run = await runCliCaptured(["daemon", "heartbeat"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "Heartbeat completed: No tasks needed attention\n");
  assert.equal(fake.requests.length, 1);
});

Deno.test("localgpt daemon heartbeat prints the alert, and --json the event", async () => {
  await using fake = await startFakeServer(reply("Two unread invoices."));
  await using home = await homeWith(fake.url, "- [ ] check mail\n");
  const run = await runCliCaptured(["daemon", "heartbeat", "--json"], home.host);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.event.status, "sent");
  assert.equal(out.text, "Two unread invoices.");
  const sessions = await runCliCaptured(["sessions", "list", "--json"], home.host);
  assert.equal(JSON.parse(sessions.stdout).sessions[0].kind, "heartbeat");
});

Deno.test("localgpt daemon heartbeat makes no model call for an empty HEARTBEAT.md", async () => {
  await using fake = await startFakeServer(reply("HEARTBEAT_OK"));
  await using home = await homeWith(fake.url, "# Heartbeat\n\n<!-- add tasks -->\n");
  const run = await runCliCaptured(["daemon", "heartbeat"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "Heartbeat skipped: HEARTBEAT.md has no open tasks\n");
  assert.equal(fake.requests.length, 0);
});

Deno.test("localgpt daemon heartbeat refuses politely while the workspace lock is held", async () => {
  await using fake = await startFakeServer(reply("HEARTBEAT_OK"));
  await using home = await homeWith(fake.url, "- [ ] check mail\n");
  const lock = await tryWorkspaceLock(join(home.vars.LOCALGPT_STATE_DIR, "workspace.lock"), {
    pid: 4242,
    what: "daemon heartbeat",
  });
  try {
    const run = await runCliCaptured(["daemon", "heartbeat"], home.host);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Cannot run a heartbeat now: daemon heartbeat \(pid 4242\) is working in the workspace; try again when it finishes/,
    );
    assert.equal(fake.requests.length, 0);
  } finally {
    await lock!.release();
  }
});

Deno.test("localgpt cron run runs a job in the foreground and prints its reply", async () => {
  await using fake = await startFakeServer(reply("Today: three notes."));
  await using home = await homeWith(fake.url);
  const run = await runCliCaptured(["cron", "run", "digest"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "Today: three notes.\n");
  assert.match(fake.requests[0].body, /\[cron:digest\] Summarise today/);
  const sessions = await runCliCaptured(["sessions", "list", "--json"], home.host);
  assert.equal(JSON.parse(sessions.stdout).sessions[0].kind, "cron");
  const unknown = await runCliCaptured(["cron", "run", "nope"], home.host);
  assert.equal(unknown.code, 2);
});
