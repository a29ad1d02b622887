import assert from "node:assert/strict";
import { createTempHome, runLocalgpt } from "../support/mod.ts";

Deno.test("localgpt --version prints the version and exits 0", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["--version"], { vars: home.vars });
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
});

Deno.test("localgpt as a subprocess initialises with the real permission set", async () => {
  await using home = await createTempHome();
  const init = await runLocalgpt(["init"], { vars: home.vars });
  assert.equal(init.code, 0, init.stderr);
  assert.equal(init.stderr, "");
  const doctor = await runLocalgpt(["doctor", "--json"], {
    vars: { ...home.vars, PATH: "" },
  });
  const report = JSON.parse(doctor.stdout);
  for (const id of ["config", "directories", "workspace", "sqlite", "sqlite-vec"]) {
    assert.equal(report.checks.find((c: { id: string }) => c.id === id).status, "pass", id);
  }
});

Deno.test("localgpt with a broken config exits 2 from the real process", async () => {
  await using home = await createTempHome();
  await home.writeConfig("[agent\n");
  const run = await runLocalgpt(["paths"], { vars: home.vars });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^error: Cannot load config ".*config\.toml": line 1: syntax error/);
});
