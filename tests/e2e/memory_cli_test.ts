import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import {
  createTempHome,
  runLocalgpt,
  spawnLocalgpt,
  type TempHome,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

async function setup(home: TempHome, modelDir = TEST_MODEL_DIR) {
  const config = join(home.vars.LOCALGPT_CONFIG_DIR, "config.toml");
  await Deno.mkdir(dirname(config), { recursive: true });
  await Deno.writeTextFile(
    config,
    `[memory.embedding]\nmodel_dir = ${
      JSON.stringify(modelDir)
    }\nmodel = "${TEST_MODEL}"\nallow_download = false\n`,
  );
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(ws, "memory"), { recursive: true });
  await Deno.writeTextFile(join(ws, "memory", "2026-02-01.md"), "# Pets\nI love my cat\n");
  await Deno.writeTextFile(join(ws, "MEMORY.md"), "# Memory\nWe decided to use SQLite\n");
}

Deno.test("localgpt memory search --json finds a note by meaning in hybrid mode", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "search", "feline", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.mode, "hybrid");
  assert.equal(out.results[0].path, "memory/2026-02-01.md");
});

Deno.test("localgpt memory search prints numbered hits with path, lines and score", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "search", "sqlite", "--mode", "keyword"], {
    vars: home.vars,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^1\. MEMORY\.md:1-2 {2}1\.000\n {3}# Memory We decided to use SQLite\n/,
  );
});

Deno.test("localgpt memory search falls back to keyword mode with a notice when the model is missing", async () => {
  await using home = await createTempHome();
  await setup(home, join(home.root, "missing-models"));
  const run = await runLocalgpt(["memory", "search", "cat"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^note: keyword search only: model .* not found/m);
  assert.match(run.stdout, /memory\/2026-02-01\.md:1-2/);
  const stats = await runLocalgpt(["memory", "stats", "--json"], { vars: home.vars });
  const st = JSON.parse(stats.stdout);
  assert.equal(st.mode, "keyword");
  assert.match(st.reason, /allow_download is false/);
  assert.equal(st.embedded_chunks, 0);
});

Deno.test("localgpt memory reindex reports counts and stats shows the hybrid model", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "reindex", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.deepEqual([result.scanned, result.changed, result.chunks, result.embedded], [2, 2, 2, 2]);
  const stats = JSON.parse(
    (await runLocalgpt(["memory", "stats", "--json"], { vars: home.vars })).stdout,
  );
  assert.equal(stats.mode, "hybrid");
  assert.equal(stats.model, `local:${TEST_MODEL}`);
  assert.equal(stats.embedded_chunks, 2);
  assert.ok(stats.index_bytes > 0);
});

Deno.test("localgpt memory show prints a line range and refuses paths outside the workspace", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "show", "MEMORY.md:2"], { vars: home.vars });
  assert.equal(run.stdout, "We decided to use SQLite\n");
  const bad = await runLocalgpt(["memory", "show", "../../config/config.toml.md"], {
    vars: home.vars,
  });
  assert.notEqual(bad.code, 0);
});

Deno.test("localgpt memory show exits 2 for a line past the end or a reversed range", async () => {
  await using home = await createTempHome();
  await setup(home);
  const past = await runLocalgpt(["memory", "show", "MEMORY.md:9"], { vars: home.vars });
  assert.equal(past.code, 2);
  assert.match(past.stderr, /line 9 is past the end \(2 lines\)/);
  const reversed = await runLocalgpt(["memory", "show", "MEMORY.md:2-1"], { vars: home.vars });
  assert.equal(reversed.code, 2);
});

Deno.test("localgpt memory search exits 2 for a --min-score that is not a number from 0 to 1", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "search", "cat", "--min-score", "abc"], {
    vars: home.vars,
  });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Invalid min-score "abc"/);
});

Deno.test("localgpt memory recent --json lists daily notes", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["memory", "recent", "--json"], { vars: home.vars });
  assert.deepEqual(JSON.parse(run.stdout).notes, [{
    path: "memory/2026-02-01.md",
    date: "2026-02-01",
    last_line: "I love my cat",
  }]);
});

Deno.test("localgpt doctor reports the memory search mode", async () => {
  await using home = await createTempHome();
  await setup(home);
  const run = await runLocalgpt(["doctor", "--json"], { vars: home.vars });
  const check = JSON.parse(run.stdout).checks.find((c: { id: string }) => c.id === "embedding");
  assert.equal(check.status, "pass");
  assert.match(check.detail, /mode: hybrid \(local:localgpt-test\/wordnet-mini-64, 64 dims\)/);
});

Deno.test("localgpt memory reindex completes after a reindex was killed midway", async () => {
  await using home = await createTempHome();
  await setup(home);
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  for (let i = 0; i < 1500; i++) {
    await Deno.writeTextFile(
      join(ws, "memory", `n${i}.md`),
      `# Note ${i}\nthe cat number ${i} sat\n`,
    );
  }
  const child = spawnLocalgpt(["memory", "reindex"], { vars: home.vars });
  const index = join(home.vars.LOCALGPT_CACHE_DIR, "memory", "main.sqlite");
  // Kill it once it has started writing the index.
  for (let i = 0; i < 400 && !(await Deno.stat(index).catch(() => null)); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 150));
  child.kill("SIGKILL");
  await child.status;
  const run = await runLocalgpt(["memory", "reindex", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const stats = JSON.parse(
    (await runLocalgpt(["memory", "stats", "--json"], { vars: home.vars })).stdout,
  );
  assert.deepEqual([stats.files, stats.chunks, stats.embedded_chunks], [1502, 1502, 1502]);
});
