import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createDaemonLog,
  logFileFor,
  pruneLogs,
  tailLogs,
} from "../../../src/app/daemon/log_file.ts";
import { createTempHome } from "../../support/mod.ts";

Deno.test("createDaemonLog() writes one line per message into the day's file", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "logs");
  const log = createDaemonLog(dir, { now: () => new Date("2026-03-04T05:06:07Z") });
  log.info("hello\nworld");
  log.warn("careful");
  await log.flush();
  const text = await Deno.readTextFile(join(dir, "localgpt-2026-03-04.log"));
  assert.equal(
    text,
    "2026-03-04T05:06:07.000Z INFO hello world\n2026-03-04T05:06:07.000Z WARN careful\n",
  );
});

Deno.test("pruneLogs() deletes daily files older than the retention and keeps the rest", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "logs");
  await Deno.mkdir(dir, { recursive: true });
  for (const day of ["2026-01-01", "2026-01-09", "2026-01-10"]) {
    await Deno.writeTextFile(join(dir, `localgpt-${day}.log`), "x\n");
  }
  const deleted = await pruneLogs(dir, 2, new Date("2026-01-10T12:00:00Z"));
  assert.deepEqual(deleted, [join(dir, "localgpt-2026-01-01.log")]);
  assert.deepEqual(await pruneLogs(dir, 0, new Date("2030-01-01")), []);
});

Deno.test("tailLogs() returns the last lines across daily files, oldest first", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "logs");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(logFileFor(dir, new Date("2026-01-01")), "a\nb\n");
  await Deno.writeTextFile(logFileFor(dir, new Date("2026-01-02")), "c\n");
  assert.deepEqual(await tailLogs(dir, 2), ["b", "c"]);
  assert.deepEqual(await tailLogs(dir, 10), ["a", "b", "c"]);
});
