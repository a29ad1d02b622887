import assert from "node:assert/strict";
import { createTempHome, runLocalgpt } from "../support/mod.ts";

Deno.test("localgpt --version prints the version and exits 0", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["--version"], { vars: home.vars });
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
});
