import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, runCliCaptured } from "../support/mod.ts";

Deno.test("localgpt init creates the config, device key and an OpenClaw workspace", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["init"], home.host);
  assert.equal(run.code, 0, run.stderr);
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  for (
    const name of [
      "SOUL.md",
      "MEMORY.md",
      "HEARTBEAT.md",
      "USER.md",
      "IDENTITY.md",
      "AGENTS.md",
      "TOOLS.md",
    ]
  ) {
    assert.ok((await Deno.readTextFile(join(ws, name))).length > 20, name);
    assert.match(run.stdout, new RegExp(`created  .*${name}`));
  }
  for (const dir of ["memory", "knowledge", "skills"]) {
    assert.ok((await Deno.stat(join(ws, dir))).isDirectory, dir);
  }
  const key = await Deno.stat(join(home.vars.LOCALGPT_DATA_DIR, "localgpt.device.key"));
  assert.equal(key.size, 32);
  assert.equal(key.mode! & 0o777, 0o600);
  const config = await Deno.readTextFile(home.configFile);
  assert.match(config, /^# LocalGPT configuration/);
});

Deno.test("localgpt init twice changes nothing and keeps edited files", async () => {
  await using home = await createTempHome();
  await runCliCaptured(["init"], home.host);
  const soul = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "SOUL.md");
  const keyFile = join(home.vars.LOCALGPT_DATA_DIR, "localgpt.device.key");
  await Deno.writeTextFile(soul, "my own soul\n");
  const key = await Deno.readFile(keyFile);
  const again = await runCliCaptured(["init"], home.host);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /nothing changed/);
  assert.equal(await Deno.readTextFile(soul), "my own soul\n");
  assert.deepEqual(await Deno.readFile(keyFile), key);
});

Deno.test("localgpt init --force rewrites only the config and keeps a backup", async () => {
  await using home = await createTempHome();
  await runCliCaptured(["init"], home.host);
  const configFile = home.configFile;
  const soul = join(home.vars.LOCALGPT_DATA_DIR, "workspace", "SOUL.md");
  await Deno.writeTextFile(configFile, "[agent]\nmax_tokens = 7\n");
  await Deno.writeTextFile(soul, "mine\n");
  const run = await runCliCaptured(["init", "--force"], home.host);
  assert.equal(run.code, 0);
  assert.match(await Deno.readTextFile(configFile), /^# LocalGPT configuration/);
  assert.equal(await Deno.readTextFile(`${configFile}.bak`), "[agent]\nmax_tokens = 7\n");
  assert.equal(await Deno.readTextFile(soul), "mine\n");
});

Deno.test("localgpt init --force run twice keeps the backup of the user's config", async () => {
  await using home = await createTempHome();
  await runCliCaptured(["init"], home.host);
  const configFile = home.configFile;
  await Deno.writeTextFile(configFile, "[agent]\nmax_tokens = 7\n");
  await runCliCaptured(["init", "--force"], home.host);
  const second = await runCliCaptured(["init", "--force"], home.host);
  assert.equal(second.code, 0);
  assert.equal(await Deno.readTextFile(`${configFile}.bak`), "[agent]\nmax_tokens = 7\n");
  const third = await runCliCaptured(["config", "init", "--force"], home.host);
  assert.equal(third.code, 0);
  assert.equal(await Deno.readTextFile(`${configFile}.bak`), "[agent]\nmax_tokens = 7\n");
});

Deno.test("localgpt init --json lists what it created", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["init", "--json"], home.host);
  const result = JSON.parse(run.stdout);
  assert.ok(result.created.some((p: string) => p.endsWith("workspace/HEARTBEAT.md")));
  assert.deepEqual(result.existing, []);
});
