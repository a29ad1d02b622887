import assert from "node:assert/strict";
import { join } from "node:path";
import {
  acquirePidFile,
  daemonRunning,
  DaemonRunningError,
  parsePidInfo,
} from "../../../src/app/daemon/pid_file.ts";
import { createTempHome } from "../../support/mod.ts";

Deno.test("acquirePidFile() refuses a second holder with DaemonRunningError", async () => {
  await using home = await createTempHome();
  const path = join(home.root, "state", "daemon.pid");
  const lock = await acquirePidFile(path, { pid: 111, startedAt: 1 });
  try {
    await assert.rejects(acquirePidFile(path, { pid: 222, startedAt: 2 }), DaemonRunningError);
    assert.equal((await daemonRunning(path))?.pid, 111);
  } finally {
    await lock.release();
  }
});

Deno.test("acquirePidFile() replaces an unlocked (stale) pid file and reports it", async () => {
  await using home = await createTempHome();
  const path = join(home.root, "daemon.pid");
  await Deno.writeTextFile(path, JSON.stringify({ pid: 999999, startedAt: 5 }));
  assert.equal(await daemonRunning(path), undefined);
  const lock = await acquirePidFile(path, { pid: 333, startedAt: 6 });
  assert.equal(lock.stale?.pid, 999999);
  assert.equal(JSON.parse(await Deno.readTextFile(path)).pid, 333);
  await lock.release();
});

Deno.test("PidLock.update() rewrites the file and release() removes it", async () => {
  await using home = await createTempHome();
  const path = join(home.root, "daemon.pid");
  const lock = await acquirePidFile(path, { pid: 1, startedAt: 1 });
  await lock.update({ pid: 1, startedAt: 1, address: "http://127.0.0.1:9" });
  assert.equal((await daemonRunning(path))?.address, "http://127.0.0.1:9");
  await lock.release();
  await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
});

Deno.test("parsePidInfo() reads JSON and bare pids and rejects garbage", () => {
  assert.deepEqual(parsePidInfo("42\n"), { pid: 42, startedAt: 0 });
  assert.equal(parsePidInfo('{"pid":7,"startedAt":3}')?.pid, 7);
  assert.equal(parsePidInfo("nonsense"), undefined);
});
