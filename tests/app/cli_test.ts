import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, runCliCaptured } from "../support/mod.ts";

Deno.test("localgpt --help lists the commands with examples", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["--help"], home.host);
  assert.equal(run.code, 0);
  for (const cmd of ["init", "paths", "config", "doctor"]) {
    assert.match(run.stdout, new RegExp(`\\n  ${cmd}\\b`));
  }
  assert.match(run.stdout, /Examples:/);
});

Deno.test("every command's --help has an example", async () => {
  await using home = await createTempHome();
  for (const cmd of [["init"], ["paths"], ["config"], ["doctor"]]) {
    const run = await runCliCaptured([...cmd, "--help"], home.host);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Examples:\n {2}localgpt /, cmd.join(" "));
  }
});

Deno.test("localgpt exits 2 on an unknown command or option", async () => {
  await using home = await createTempHome();
  const cmd = await runCliCaptured(["frobnicate"], home.host);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command 'frobnicate'/);
  const opt = await runCliCaptured(["paths", "--jsonn"], home.host);
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /unknown option '--jsonn'/);
});

Deno.test("localgpt exits 2 with one message naming the file and lines of a bad config", async () => {
  await using home = await createTempHome();
  const file = await home.writeConfig('[server]\nport = "x"\n[agent]\ncontext_windw = 5\n');
  const run = await runCliCaptured(["paths"], home.host);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `error: Cannot load config "${file}": 2 problems\n` +
      `  - line 2: "server.port": must be an integer, not "x"\n` +
      `  - line 4: "agent.context_windw": unknown key "context_windw" (did you mean "context_window"?)\n`,
  );
});

Deno.test("localgpt paths --json prints every path with snake_case keys", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["-p", "work", "paths", "--json"], home.host);
  const paths = JSON.parse(run.stdout);
  assert.equal(paths.profile, "work");
  assert.equal(paths.config_file, home.configFile);
  for (
    const key of [
      "workspace",
      "device_key",
      "skills_dir",
      "sessions_dir",
      "logs_dir",
      "pid_file",
      "memory_index",
      "models_dir",
    ]
  ) {
    assert.equal(typeof paths[key], "string", key);
  }
});

Deno.test("localgpt paths prints grouped, aligned paths", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["paths"], home.host);
  assert.match(run.stdout, /^Config\n {2}config dir {6}/);
  assert.match(run.stdout, /\n {2}memory index {4}.*memory\/main\.sqlite\n/);
});

Deno.test("localgpt config show redacts secrets unless --reveal", async () => {
  await using home = await createTempHome({ OPENAI_API_KEY: "sk-secret-value" });
  const shown = await runCliCaptured(["config", "show"], home.host);
  assert.match(shown.stdout, /api_key = "\*\*\*"/);
  assert.doesNotMatch(shown.stdout, /sk-secret-value/);
  const json = JSON.parse((await runCliCaptured(["config", "show", "--json"], home.host)).stdout);
  assert.equal(json.exists, false);
  assert.equal(json.config.providers.openai.api_key, "***");
  assert.equal(json.config.heartbeat.interval, "30m");
  const revealed = await runCliCaptured(
    ["config", "get", "providers.openai.api_key", "--reveal"],
    home.host,
  );
  assert.equal(revealed.stdout, "sk-secret-value\n");
});

Deno.test("localgpt config set then get round-trips and keeps the user's comments", async () => {
  await using home = await createTempHome();
  const file = await home.writeConfig("# mine\n[server]\nport = 1234 # my port\n");
  const set = await runCliCaptured(["config", "set", "server.port", "4321"], home.host);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(await Deno.readTextFile(file), "# mine\n[server]\nport = 4321 # my port\n");
  const get = await runCliCaptured(["config", "get", "server.port", "--json"], home.host);
  assert.deepEqual(JSON.parse(get.stdout), { key: "server.port", value: 4321 });
});

Deno.test("localgpt config set creates the file from the template when there is none", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(
    ["config", "set", "agent.default_model", "ollama/llama3.2"],
    home.host,
  );
  assert.equal(run.code, 0, run.stderr);
  const text = await Deno.readTextFile(home.configFile);
  assert.match(text, /^# LocalGPT configuration/);
  assert.match(text, /\ndefault_model = "ollama\/llama3.2"\n/);
});

Deno.test("localgpt config set rejects a bad value and leaves the file byte-identical", async () => {
  await using home = await createTempHome();
  const file = await home.writeConfig('[sandbox]\nlevel = "auto"\n');
  const run = await runCliCaptured(["config", "set", "sandbox.level", "maximal"], home.host);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /"sandbox.level": must be one of/);
  assert.equal(await Deno.readTextFile(file), '[sandbox]\nlevel = "auto"\n');
});

Deno.test("localgpt config set can repair a config that fails to load", async () => {
  await using home = await createTempHome();
  const file = await home.writeConfig('[server]\nport = "x"\n');
  const run = await runCliCaptured(["config", "set", "server.port", "8080"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await Deno.readTextFile(file), "[server]\nport = 8080\n");
});

Deno.test("localgpt config get exits 2 for an unknown key and 1 for an unset one", async () => {
  await using home = await createTempHome();
  assert.equal((await runCliCaptured(["config", "get", "agent.nope"], home.host)).code, 2);
  const unset = await runCliCaptured(["config", "get", "agent.default_model"], home.host);
  assert.equal(unset.code, 1);
  assert.match(unset.stderr, /agent.default_model is not set/);
});

Deno.test("localgpt config validate checks a given file and reports problems as JSON", async () => {
  await using home = await createTempHome();
  const good = join(home.root, "good.toml");
  const bad = join(home.root, "bad.toml");
  await Deno.writeTextFile(good, "[agent]\nmax_tokens = 10\n");
  await Deno.writeTextFile(bad, "[agent]\nmax_tokens = -1\n");
  const ok = await runCliCaptured(["config", "validate", good], home.host);
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout, `OK: ${good}\n`);
  const fail = await runCliCaptured(["config", "validate", bad, "--json"], home.host);
  assert.equal(fail.code, 2);
  const report = JSON.parse(fail.stdout);
  assert.equal(report.valid, false);
  assert.deepEqual(report.problems[0].line, 2);
  const missing = await runCliCaptured(
    ["config", "validate", join(home.root, "none.toml")],
    home.host,
  );
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /none\.toml": file not found/);
});

Deno.test("localgpt config init refuses to overwrite without --force", async () => {
  await using home = await createTempHome();
  assert.equal((await runCliCaptured(["config", "init"], home.host)).code, 0);
  const again = await runCliCaptured(["config", "init"], home.host);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; use --force/);
  assert.equal((await runCliCaptured(["config", "init", "--force"], home.host)).code, 0);
  const path = await runCliCaptured(["config", "path"], home.host);
  assert.equal(path.stdout, home.configFile + "\n");
});

Deno.test("localgpt config set repairs one key of a broken file and warns about the rest", async () => {
  await using home = await createTempHome();
  await Deno.mkdir(home.vars.LOCALGPT_CONFIG_DIR, { recursive: true });
  await Deno.writeTextFile(home.configFile, `[server]\nport = "x"\n[agent]\ncontext_windw = 5\n`);
  const run = await runCliCaptured(["config", "set", "server.port", "8080"], home.host);
  assert.equal(run.code, 0);
  assert.match(await Deno.readTextFile(home.configFile), /^port = 8080$/m);
  assert.match(run.stderr, /^warning: Cannot load config .*context_windw/m);
});

Deno.test("localgpt md audit --filter exits 2 for an action that does not exist", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["md", "audit", "--filter", "tamperd"], home.host);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Allowed choices are created, signed, .*tamper_detected/);
});

Deno.test("localgpt config path --json prints the path as JSON", async () => {
  await using home = await createTempHome();
  const run = await runCliCaptured(["config", "path", "--json"], home.host);
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), { path: home.configFile });
});

Deno.test("localgpt prints config warnings on stderr and details with -v", async () => {
  await using home = await createTempHome({ LOCALGPT_CACHE_DIR: "relative/cache" });
  const run = await runCliCaptured(["-v", "paths", "--json"], home.host);
  assert.equal(run.code, 0);
  assert.match(
    run.stderr,
    /^warning: Ignoring LOCALGPT_CACHE_DIR="relative\/cache": not an absolute path\n/,
  );
  assert.match(run.stderr, /\ndebug: config .*config\.toml \(not found: defaults\)\n/);
  assert.doesNotThrow(() => JSON.parse(run.stdout));
});

Deno.test("runCli() exits 0 quietly when stdout is a closed pipe", async () => {
  await using home = await createTempHome();
  const { runCli } = await import("../../src/app/mod.ts");
  let stderr = "";
  const output = {
    out: () => {
      throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
    err: (s: string) => void (stderr += s),
    isTty: false,
    color: false,
  };
  assert.equal(await runCli(["paths"], output, home.host), 0);
  assert.equal(stderr, "");
});

Deno.test("snakeKeysDeep() converts nested keys and leaves values alone", async () => {
  const { snakeKeysDeep } = await import("../../src/app/output.ts");
  assert.deepEqual(
    snakeKeysDeep({ landlockAbi: 7, limits: [{ maxOutputBytes: 1 }], when: "noChange" }),
    { landlock_abi: 7, limits: [{ max_output_bytes: 1 }], when: "noChange" },
  );
});

Deno.test("commandsFor() picks the named command's module, skipping global options and their values", async () => {
  const { commandsFor, COMMANDS } = await import("../../src/app/cli.ts");
  assert.deepEqual(commandsFor(["memory", "search", "cat"]), ["memory"]);
  assert.deepEqual(commandsFor(["-p", "work", "-c", "x.toml", "-v", "paths", "--json"]), ["paths"]);
  assert.deepEqual(commandsFor(["--config=memory", "doctor"]), ["doctor"]);
  assert.deepEqual(commandsFor(["help", "sessions"]), ["sessions"]);
  // No command, only help, or an unknown name: every module, for the listing and suggestions.
  const all = Object.keys(COMMANDS);
  assert.deepEqual(commandsFor([]), all);
  assert.deepEqual(commandsFor(["--help"]), all);
  assert.deepEqual(commandsFor(["help"]), all);
  assert.deepEqual(commandsFor(["memroy", "search"]), all);
});

Deno.test("localgpt help <command> and <command> --help work with only that command loaded", async () => {
  await using home = await createTempHome();
  const help = await runCliCaptured(["help", "memory"], home.host);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: localgpt memory/);
  const sub = await runCliCaptured(["-p", "x", "memory", "search", "--help"], home.host);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /Usage: localgpt memory search/);
  const typo = await runCliCaptured(["memroy"], home.host);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /Did you mean memory\?/);
});
