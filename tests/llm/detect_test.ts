import assert from "node:assert/strict";
import { detectDefaultModel, detectProviders, NO_MODEL_GUIDE } from "../../src/llm/mod.ts";
import { closedPort, startFakeServer, writeFakeCli } from "../support/mod.ts";
import { providersFrom } from "./_config.ts";

const nothingLocal = () => ({
  ollama: closedPort(),
  lmstudio: closedPort(),
  llamacpp: closedPort(),
});

function ollamaTags(names: string[]) {
  return startFakeServer((req) =>
    req.path === "/api/tags"
      ? {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ models: names.map((name) => ({ name, model: name, size: 1 })) }),
      }
      : { status: 404, body: "404 page not found" }
  );
}

Deno.test("detectDefaultModel() picks an API key from the environment first", async () => {
  await using ollama = await ollamaTags(["llama3.2:latest"]);
  const detected = await detectDefaultModel({
    providers: providersFrom("", { OPENAI_API_KEY: "sk-test" }),
    vars: { PATH: "" },
    ports: { ...nothingLocal(), ollama: ollama.port },
  });
  assert.equal(detected?.model, "openai/gpt-4o");
  assert.equal(detected?.source, "key");
  assert.match(detected?.detail ?? "", /OPENAI_API_KEY/);
});

Deno.test("detectDefaultModel() picks Ollama on its port and its preferred model", async () => {
  await using ollama = await ollamaTags(["qwen3:8b", "llama3:latest"]);
  const detected = await detectDefaultModel({
    providers: providersFrom(),
    vars: { PATH: "" },
    ports: { ...nothingLocal(), ollama: ollama.port },
  });
  assert.equal(detected?.model, "ollama/llama3:latest");
  assert.equal(detected?.baseUrl, ollama.url);
  assert.deepEqual(detected?.models, ["qwen3:8b", "llama3:latest"]);
});

Deno.test("detectDefaultModel() picks LM Studio by its OpenAI model list", async () => {
  await using lmstudio = await startFakeServer((req) =>
    req.path === "/v1/models"
      ? { body: JSON.stringify({ object: "list", data: [{ id: "qwen3-8b", object: "model" }] }) }
      : { status: 404 }
  );
  const detected = await detectDefaultModel({
    providers: providersFrom(),
    vars: { PATH: "" },
    ports: { ...nothingLocal(), lmstudio: lmstudio.port },
  });
  assert.equal(detected?.model, "lmstudio/qwen3-8b");
  assert.equal(detected?.baseUrl, `${lmstudio.url}/v1`);
});

Deno.test("detectDefaultModel() skips an Ollama without models for the next candidate", async () => {
  await using ollama = await ollamaTags([]);
  const dir = await Deno.makeTempDir();
  try {
    await writeFakeCli(dir, "codex", {});
    const found = await detectProviders({
      providers: providersFrom(),
      vars: { PATH: dir },
      ports: { ...nothingLocal(), ollama: ollama.port },
    });
    assert.match(found[0].detail, /has no models/);
    const detected = await detectDefaultModel({
      providers: providersFrom(),
      vars: { PATH: dir },
      ports: { ...nothingLocal(), ollama: ollama.port },
    });
    assert.equal(detected?.model, "codex-cli/o4-mini");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("detectDefaultModel() falls back to a CLI on PATH", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFakeCli(dir, "claude", {});
    const detected = await detectDefaultModel({
      providers: providersFrom(),
      vars: { PATH: dir },
      ports: nothingLocal(),
    });
    assert.equal(detected?.model, "claude-cli/opus");
    assert.equal(detected?.source, "cli");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("detectDefaultModel() returns undefined when nothing is there", async () => {
  const detected = await detectDefaultModel({
    providers: providersFrom(),
    vars: { PATH: "" },
    ports: nothingLocal(),
  });
  assert.equal(detected, undefined);
  assert.match(NO_MODEL_GUIDE, /ANTHROPIC_API_KEY/);
  assert.match(NO_MODEL_GUIDE, /agent\.default_model/);
});

Deno.test("detectProviders() lists a configured custom server with the models it reports", async () => {
  await using vllm = await startFakeServer(() => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ object: "list", data: [{ id: "Qwen/Qwen3-8B", object: "model" }] }),
  }));
  const found = await detectProviders({
    providers: providersFrom(
      `[providers.vllm]\ntype = "openai_compatible"\nbase_url = "${vllm.url}/v1"\n`,
    ),
    vars: { PATH: "" },
    ports: nothingLocal(),
  });
  assert.deepEqual(found.map((d) => [d.provider, d.model]), [["vllm", "vllm/Qwen/Qwen3-8B"]]);
});
