import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, runLocalgpt, SECRET } from "../support/mod.ts";

Deno.test("localgpt --help does not show the hidden sandbox entry", async () => {
  await using home = await createTempHome();
  const help = await runLocalgpt(["--help"], { vars: home.vars });
  assert.match(help.stdout, /sandbox/);
  assert.doesNotMatch(help.stdout, /__sandbox/);
});

Deno.test("localgpt sandbox status --json reports capabilities and the effective level", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["sandbox", "status", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.equal(json.capabilities.landlock_abi > 0, true);
  assert.equal(json.effective_level, json.available_levels[0]);
  assert.equal(json.policy.limits.max_output_bytes, 1_048_576);
  assert.ok(json.denied_syscalls.includes("connect"));
});

Deno.test("localgpt sandbox run explains a missing workspace", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["sandbox", "run", "--", "true"], { vars: home.vars });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Cannot run "true": working directory ".*workspace" does not exist/);
});

Deno.test("localgpt sandbox test passes all six probes", async () => {
  await using home = await createTempHome();
  await runLocalgpt(["init"], { vars: home.vars });
  const run = await runLocalgpt(["sandbox", "test", "--json"], { vars: home.vars });
  const json = JSON.parse(run.stdout);
  assert.equal(json.probes.length, 6);
  assert.deepEqual(json.probes.filter((p: { pass: boolean }) => !p.pass), []);
  assert.equal(run.code, 0);
});

Deno.test("localgpt sandbox run exits with the command's code and denies the home dir", async () => {
  await using home = await createTempHome();
  await runLocalgpt(["init"], { vars: home.vars });
  await Deno.mkdir(join(home.vars.HOME, ".ssh"));
  await Deno.writeTextFile(join(home.vars.HOME, ".ssh", "id_rsa"), SECRET);
  const ok = await runLocalgpt(["sandbox", "run", "--", "echo hi; exit 7"], { vars: home.vars });
  assert.equal(ok.code, 7);
  assert.equal(ok.stdout, "hi\n");
  const denied = await runLocalgpt([
    "sandbox",
    "run",
    "--",
    "cat",
    join(home.vars.HOME, ".ssh/id_rsa"),
  ], {
    vars: home.vars,
  });
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /Permission denied/);
  assert.ok(!denied.stdout.includes(SECRET));
});

Deno.test("localgpt sandbox run runs one argument as a shell command line", async () => {
  await using home = await createTempHome();
  await runLocalgpt(["init"], { vars: home.vars });
  const run = await runLocalgpt(["sandbox", "run", "--", "echo a && echo b | tr b c"], {
    vars: home.vars,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "a\nc\n");
});

Deno.test("localgpt sandbox run runs several arguments as an argv, quoting preserved", async () => {
  await using home = await createTempHome();
  await runLocalgpt(["init"], { vars: home.vars });
  const words = ["a b", "$HOME", "*", "it's", "x && y"];
  const run = await runLocalgpt(["sandbox", "run", "--", "printf", "[%s]", ...words], {
    vars: home.vars,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, words.map((w) => `[${w}]`).join(""));
  const mk = await runLocalgpt(["sandbox", "run", "--", "mkdir", "-p", "two words/x"], {
    vars: home.vars,
  });
  assert.equal(mk.code, 0, mk.stderr);
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  assert.equal((await Deno.stat(join(workspace, "two words", "x"))).isDirectory, true);
  const bashC = await runLocalgpt(
    ["sandbox", "run", "--", "bash", "-c", "echo one && echo two"],
    { vars: home.vars },
  );
  assert.equal(bashC.stdout, "one\ntwo\n", bashC.stderr);
});

Deno.test("localgpt sandbox run creates, renames and deletes files at the workspace root", async () => {
  await using home = await createTempHome();
  await runLocalgpt(["init"], { vars: home.vars });
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  const run = await runLocalgpt([
    "sandbox",
    "run",
    "--",
    "echo x > notes.txt && mv notes.txt kept.txt && echo y > gone.txt && rm gone.txt",
  ], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await Deno.readTextFile(join(workspace, "kept.txt")), "x\n");
  const identity = await Deno.readTextFile(join(workspace, "IDENTITY.md"));
  const attack = await runLocalgpt(["sandbox", "run", "--", "echo x > IDENTITY.md"], {
    vars: home.vars,
  });
  assert.notEqual(attack.code, 0);
  assert.match(attack.stderr, /Read-only file system/);
  assert.equal(await Deno.readTextFile(join(workspace, "IDENTITY.md")), identity);
});

Deno.test("localgpt sandbox status --json says whether the workspace root is writable", async () => {
  await using home = await createTempHome();
  const run = await runLocalgpt(["sandbox", "status", "--json"], { vars: home.vars });
  const json = JSON.parse(run.stdout);
  assert.equal(typeof json.capabilities.mount_namespaces, "boolean");
  assert.equal(json.workspace_root.writable, json.capabilities.mount_namespaces);
  assert.match(
    json.workspace_root.detail,
    json.workspace_root.writable ? /bind mounts/ : /read-only/,
  );
  const text = await runLocalgpt(["sandbox", "status"], { vars: home.vars });
  assert.match(text.stdout, /workspace root\s+(writable|READ-ONLY)/);
});
