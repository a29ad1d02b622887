import assert from "node:assert/strict";
import { parseConfig, resolvePaths } from "../../src/config/mod.ts";
import { type DoctorInput, runChecks } from "../../src/app/doctor/checks.ts";
import { acquirePidFile } from "../../src/app/daemon/pid_file.ts";
import { probeSearchProvider } from "../../src/app/web_search.ts";
import {
  allProvidersToml,
  createTempHome,
  runCliCaptured,
  searchSettings,
  startSearchServer,
  type TempHome,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

function input(home: TempHome, toml = "", extra: Partial<DoctorInput> = {}): DoctorInput {
  const { config } = parseConfig(toml, { vars: home.vars });
  const { paths } = resolvePaths({ host: home.host });
  return {
    config,
    paths,
    configExists: true,
    warnings: [],
    vars: { PATH: "" },
    detectProviders: () => Promise.resolve([]),
    checkModel: () => undefined,
    ...extra,
  };
}

const byId = (results: { id: string; status: string; detail: string }[], id: string) =>
  results.find((r) => r.id === id)!;

Deno.test("runChecks() fails the provider check when nothing is configured or detected", async () => {
  await using home = await createTempHome();
  const results = await runChecks(input(home, "[server]\nenabled = false\n"));
  assert.equal(byId(results, "provider").status, "fail");
});

Deno.test("runChecks() names the model it would use when a provider is detected", async () => {
  await using home = await createTempHome();
  const detected = {
    provider: "ollama",
    source: "local" as const,
    detail: "Ollama on port 11434",
    model: "ollama/llama3.2",
    models: ["llama3.2"],
  };
  const results = await runChecks(
    input(home, "", { detectProviders: () => Promise.resolve([detected]) }),
  );
  assert.equal(byId(results, "provider").status, "pass");
  assert.match(
    byId(results, "provider").detail,
    /would use ollama\/llama3.2 \(Ollama on port 11434\)/,
  );
});

Deno.test("runChecks() fails a default_model that does not resolve", async () => {
  await using home = await createTempHome();
  const results = await runChecks(
    input(home, '[agent]\ndefault_model = "nope/x"\n', {
      checkModel: (id) => `unknown provider in "${id}"`,
    }),
  );
  assert.equal(byId(results, "provider").status, "fail");
  assert.equal(byId(results, "provider").detail, 'unknown provider in "nope/x"');
});

Deno.test("runChecks() passes sqlite with FTS5 and loads sqlite-vec from the native cache", async () => {
  await using home = await createTempHome();
  const i = input(home);
  const results = await runChecks(i);
  assert.equal(byId(results, "sqlite").status, "pass");
  assert.equal(byId(results, "sqlite-vec").status, "pass");
  const cached = await Array.fromAsync(Deno.readDir(i.paths.nativeDir));
  assert.equal(cached.length, 1);
});

Deno.test("runChecks() warns about a missing workspace and missing dirs", async () => {
  await using home = await createTempHome();
  const results = await runChecks(input(home));
  assert.equal(byId(results, "workspace").status, "warn");
  assert.equal(byId(results, "directories").status, "warn");
});

Deno.test("runChecks() fails the port check when the port is taken", async () => {
  await using home = await createTempHome();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const results = await runChecks(input(home, `[server]\nport = ${port}\n`));
    assert.equal(byId(results, "port").status, "fail");
  } finally {
    listener.close();
  }
});

Deno.test("runChecks() passes the port check when the running daemon holds the port", async () => {
  await using home = await createTempHome();
  const { paths } = resolvePaths({ host: home.host });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const lock = await acquirePidFile(paths.pidFile, { pid: 4242, startedAt: 1 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const check = byId(await runChecks(input(home, `[server]\nport = ${port}\n`)), "port");
    assert.equal(check.status, "pass");
    assert.equal(check.detail, `127.0.0.1:${port} is used by the running daemon (pid 4242)`);
  } finally {
    await lock.release();
    listener.close();
  }
});

Deno.test("localgpt doctor prints the results line and exits 1 on a failure", async () => {
  await using home = await createTempHome();
  await runCliCaptured(["init"], home.host);
  for (
    const [key, value] of [
      ["server.enabled", "false"],
      ["memory.embedding.model_dir", TEST_MODEL_DIR],
      ["memory.embedding.model", TEST_MODEL],
    ]
  ) await runCliCaptured(["config", "set", key, value], home.host);
  const run = await runCliCaptured(["doctor"], { ...home.host, vars: { ...home.vars, PATH: "" } });
  assert.match(run.stdout, /✓ embedding/);
  assert.match(run.stdout, /✓ config/);
  assert.match(run.stdout, /\nResults: \d+ passed, 0 warnings, [01] failed\n$/);
  assert.equal(run.code, run.stdout.includes(" 0 failed") ? 0 : 1);
});

Deno.test("localgpt doctor --json reports a broken config and still runs the other checks", async () => {
  await using home = await createTempHome();
  await runCliCaptured(["init"], home.host);
  await home.writeConfig("[agent]\nbogus = 1\n");
  const run = await runCliCaptured(["doctor", "--json"], home.host);
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout);
  assert.equal(report.checks[0].id, "config");
  assert.equal(report.checks[0].status, "fail");
  assert.match(report.checks[0].detail, /line 2: "agent.bogus": unknown key/);
  assert.equal(report.checks.find((c: { id: string }) => c.id === "workspace").status, "pass");
  assert.ok(report.summary.failed >= 1);
});

Deno.test("runChecks() checks each web search provider's key and reachability", async () => {
  await using home = await createTempHome();
  const probed: string[] = [];
  const results = await runChecks(
    input(
      home,
      '[tools.web_search]\nprovider = "searxng"\nfallback = ["brave", "tavily"]\n' +
        '[tools.web_search.searxng]\nbase_url = "http://127.0.0.1:9"\n' +
        '[tools.web_search.tavily]\napi_key = "tvly"\n',
      {
        probeSearch: (name) => {
          probed.push(name);
          return Promise.resolve(
            name === "searxng" ? "cannot reach http://127.0.0.1:9" : undefined,
          );
        },
      },
    ),
  );
  assert.deepEqual(probed, ["searxng", "tavily"], "no probe without a key");
  const rows = results.filter((r) => r.id.startsWith("web_search"));
  assert.deepEqual(rows.map((r) => [r.id, r.status]), [
    ["web_search.searxng", "fail"],
    ["web_search.brave", "fail"],
    ["web_search.tavily", "pass"],
  ]);
  assert.match(rows[1].detail, /tools\.web_search\.brave\.api_key is not set/);
  assert.match(rows[0].detail, /cannot reach/);
});

Deno.test("probeSearchProvider() runs a SearXNG search and only reaches a paid API's base URL", async () => {
  await using server = await startSearchServer({ brave: { status: 404, body: "not here" } });
  const settings = searchSettings(allProvidersToml(server, 'provider = "searxng"'));
  assert.equal(await probeSearchProvider("searxng", settings), undefined);
  assert.equal(await probeSearchProvider("brave", settings), undefined);
  assert.deepEqual(server.requests.map((r) => r.path.split("?")[0]), ["/searxng/search", "/brave"]);
  const down = searchSettings(
    '[tools.web_search.searxng]\nbase_url = "http://127.0.0.1:1"\n',
  );
  assert.match(
    (await probeSearchProvider("searxng", down)) ?? "",
    /Cannot search with "searxng": cannot reach/,
  );
});
