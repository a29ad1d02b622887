import assert from "node:assert/strict";
import { join } from "node:path";
import { parseConfig } from "../../src/config/mod.ts";
import { chooseModel } from "../../src/app/model.ts";
import { modelsReport } from "../../src/app/commands/models.ts";
import { ConfigError } from "../../src/core/mod.ts";
import { closedPort, createTempHome, runLocalgpt, startFakeServer } from "../support/mod.ts";

/** Config that points LM Studio and llama.cpp at closed ports, so the host's own servers never count. */
const pinnedLocal = () =>
  ["lmstudio", "llamacpp"].map((name) =>
    `[providers.${name}]\ntype = "openai_compatible"\nbase_url = "http://127.0.0.1:${closedPort()}/v1"\n`
  ).join("");

const noLocal = () => ({ ollama: closedPort(), lmstudio: closedPort(), llamacpp: closedPort() });

function fakeOllama(models: string[]) {
  return startFakeServer((req) =>
    req.path === "/api/tags"
      ? {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ models: models.map((name) => ({ name })) }),
      }
      : { status: 404 }
  );
}

Deno.test("modelsReport() asks a keyed provider for its models", async () => {
  await using openai = await startFakeServer(() => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ object: "list", data: [{ id: "gpt-4o" }, { id: "gpt-4.1" }] }),
  }));
  const { config } = parseConfig(
    `[providers.openai]\napi_key = "sk-test"\nbase_url = "${openai.url}/v1"\n`,
    { vars: {} },
  );
  const report = await modelsReport(config, { PATH: "" }, { ports: noLocal() });
  assert.equal(report.default_model, "openai/gpt-4o");
  assert.equal(report.default_source, "detected");
  assert.deepEqual(report.providers.map((p) => [p.name, p.models]), [
    ["openai", ["gpt-4o", "gpt-4.1"]],
  ]);
});

Deno.test("modelsReport() records why a provider could not list its models", async () => {
  const { config } = parseConfig(
    `[providers.anthropic]\napi_key = "sk-ant"\nbase_url = "http://127.0.0.1:${closedPort()}"\n`,
    { vars: {} },
  );
  const report = await modelsReport(config, { PATH: "" }, { ports: noLocal() });
  assert.match(report.providers[0].error ?? "", /anthropic/);
});

Deno.test("chooseModel() prefers agent.default_model over detection", async () => {
  const { config } = parseConfig(`[agent]\ndefault_model = "ollama/qwen3"\n`, {
    vars: { OPENAI_API_KEY: "sk" },
  });
  const choice = await chooseModel(config, {});
  assert.deepEqual([choice.model, choice.source], ["ollama/qwen3", "config"]);
});

Deno.test("chooseModel() uses a detected Ollama and its base URL", async () => {
  await using ollama = await fakeOllama(["llama3.2:latest"]);
  const { config } = parseConfig("", { vars: {} });
  const choice = await chooseModel(config, { PATH: "" }, {
    ports: { ...noLocal(), ollama: ollama.port },
  });
  assert.equal(choice.model, "ollama/llama3.2:latest");
  assert.equal(choice.baseUrls.ollama, ollama.url);
});

Deno.test("chooseModel() throws a ConfigError with the guide when nothing is found", async () => {
  const { config } = parseConfig("", { vars: {} });
  await assert.rejects(chooseModel(config, { PATH: "" }, { ports: noLocal() }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^Cannot choose a model/);
    assert.match(e.message, /ANTHROPIC_API_KEY/);
    return true;
  });
});

Deno.test("localgpt models --json lists the configured Ollama and its models", async () => {
  await using ollama = await fakeOllama(["llama3.2:latest", "qwen3:8b"]);
  await using home = await createTempHome({ PATH: "" });
  await Deno.mkdir(home.vars.LOCALGPT_CONFIG_DIR, { recursive: true });
  await Deno.writeTextFile(
    join(home.vars.LOCALGPT_CONFIG_DIR, "config.toml"),
    `[providers.ollama]\nendpoint = "${ollama.url}"\n${pinnedLocal()}`,
  );
  const run = await runLocalgpt(["models", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  const listed = report.providers.find((p: { name: string }) => p.name === "ollama");
  assert.deepEqual(listed.models, ["llama3.2:latest", "qwen3:8b"]);
  assert.equal(report.default_model, "ollama/llama3.2:latest");
});

Deno.test("localgpt models prints the setup guide when nothing is found", async () => {
  await using home = await createTempHome({ PATH: "" });
  await Deno.mkdir(home.vars.LOCALGPT_CONFIG_DIR, { recursive: true });
  await Deno.writeTextFile(
    join(home.vars.LOCALGPT_CONFIG_DIR, "config.toml"),
    `[providers.ollama]\nendpoint = "http://127.0.0.1:${closedPort()}"\n${pinnedLocal()}`,
  );
  const run = await runLocalgpt(["models"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Default model: none/);
  assert.match(run.stdout, /No model provider found/);
});
