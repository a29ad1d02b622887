import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, runCliCaptured, type TempHome } from "../support/mod.ts";

const configOf = (home: TempHome) => join(home.vars.LOCALGPT_CONFIG_DIR, "config.toml");

Deno.test("localgpt cron add writes [[cron.jobs]] and keeps comments", async () => {
  await using home = await createTempHome();
  await home.writeConfig("# my settings\n[agent]\ncontext_window = 64000 # small\n");
  const run = await runCliCaptured(
    ["cron", "add", "--name", "digest", "--schedule", "0 18 * * MON-FRI", "--prompt", 'Say "hi"'],
    home.host,
  );
  assert.equal(run.code, 0, run.stderr);
  const text = await Deno.readTextFile(configOf(home));
  assert.equal(
    text,
    '# my settings\n[agent]\ncontext_window = 64000 # small\n\n[[cron.jobs]]\nname = "digest"\nschedule = "0 18 * * MON-FRI"\nprompt = "Say \\"hi\\""\ntimeout = "10m"\n',
  );
  const list = await runCliCaptured(["cron", "list", "--json"], home.host);
  const [job] = JSON.parse(list.stdout).jobs;
  assert.deepEqual([job.name, job.schedule, job.prompt, job.timeout], [
    "digest",
    "0 18 * * MON-FRI",
    'Say "hi"',
    "10m",
  ]);
  assert.match(job.next_run, /T18:00:00\.000Z$/);
});

Deno.test("localgpt cron add refuses an invalid schedule or a taken name with exit 2", async () => {
  await using home = await createTempHome();
  const bad = await runCliCaptured(
    ["cron", "add", "--name", "x", "--schedule", "* * *", "--prompt", "p"],
    home.host,
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Invalid schedule "\* \* \*": expected 5 fields/);
  const add = ["cron", "add", "--name", "x", "--schedule", "every 90s", "--prompt", "p"];
  assert.equal((await runCliCaptured(add, home.host)).code, 0);
  const again = await runCliCaptured(add, home.host);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /a job named "x" already exists/);
});

Deno.test("localgpt cron remove deletes only that job's table", async () => {
  await using home = await createTempHome();
  await home.writeConfig(
    '[[cron.jobs]]\nname = "a"\nschedule = "every 1h"\nprompt = "p"\n\n# the second job\n[[cron.jobs]]\nname = "b"\nschedule = "every 2h"\nprompt = "q"\n\n[server]\nport = 1234\n',
  );
  const run = await runCliCaptured(["cron", "remove", "a"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    await Deno.readTextFile(configOf(home)),
    '# the second job\n[[cron.jobs]]\nname = "b"\nschedule = "every 2h"\nprompt = "q"\n\n[server]\nport = 1234\n',
  );
  const missing = await runCliCaptured(["cron", "remove", "zzz"], home.host);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such job/);
});

Deno.test("localgpt cron next previews run times, as text or JSON", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(
    ["cron", "next", "30 6 * * SAT", "-n", "2", "--timezone", "Asia/Tokyo", "--json"],
    home.host,
  );
  assert.equal(run.code, 0, run.stderr);
  const { next_runs } = JSON.parse(run.stdout);
  assert.equal(next_runs.length, 2);
  for (const iso of next_runs) assert.match(iso, /T21:30:00\.000Z$/); // 06:30 in Tokyo
  assert.equal(Date.parse(next_runs[1]) - Date.parse(next_runs[0]), 7 * 86_400_000);
  const text = await runCliCaptured(["cron", "next", "every 90s", "-n", "3"], home.host);
  assert.equal(text.stdout.trimEnd().split("\n").length, 3);
  const bad = await runCliCaptured(["cron", "next", "0 0 31 FOO *"], home.host);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Invalid schedule/);
});

Deno.test("localgpt cron subcommands have --help with examples", async () => {
  await using home = await createTempHome();
  for (const sub of ["list", "add", "remove", "run", "next"]) {
    const run = await runCliCaptured(["cron", sub, "--help"], home.host);
    assert.match(run.stdout, /Examples:\n {2}localgpt cron/, sub);
  }
});
