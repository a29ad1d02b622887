import assert from "node:assert/strict";
import { join } from "node:path";
import { followLogs, foregroundCommand } from "../../../src/app/daemon/control.ts";
import { logFileFor } from "../../../src/app/daemon/log_file.ts";
import { createTempHome } from "../../support/mod.ts";

Deno.test("followLogs() prints lines appended to the newest log file until aborted", async () => {
  await using home = await createTempHome();
  const dir = join(home.root, "logs");
  await Deno.mkdir(dir, { recursive: true });
  const file = logFileFor(dir, new Date());
  await Deno.writeTextFile(file, "old line\n");
  let printed = "";
  const abort = new AbortController();
  const following = followLogs(dir, (t) => printed += t, abort.signal);
  await new Promise((r) => setTimeout(r, 50));
  await Deno.writeTextFile(file, "new line\n", { append: true });
  for (let i = 0; i < 40 && !printed; i++) await new Promise((r) => setTimeout(r, 50));
  abort.abort();
  await following;
  assert.equal(printed, "new line\n");
});

Deno.test("foregroundCommand() re-runs main.ts with the global flags and start --foreground", () => {
  const { args } = foregroundCommand(["-p", "work"]);
  assert.deepEqual(args.slice(-5), ["-p", "work", "daemon", "start", "--foreground"]);
  assert.ok(args.includes("-P=localgpt"));
  assert.ok(args.some((a) => a.endsWith("main.ts")));
});
