import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createEmbedder,
  createLocalEmbedder,
  createOllamaEmbedder,
  createOpenAiEmbedder,
  type Embedder,
} from "../../src/memory/mod.ts";
import {
  createFakeEmbedder,
  startFakeEmbeddingServer,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

const cases: [string, (url: string) => Embedder][] = [
  ["fake", () => createFakeEmbedder()],
  [
    "openai",
    (url) =>
      createOpenAiEmbedder({
        model: "text-embedding-3-small",
        apiKey: "sk-test",
        baseUrl: `${url}/v1`,
      }),
  ],
  ["ollama", (url) => createOllamaEmbedder({ model: "nomic-embed-text", endpoint: url })],
  ["local", () =>
    createLocalEmbedder({
      model: TEST_MODEL,
      modelDir: TEST_MODEL_DIR,
      allowDownload: false,
      nativeDir: join(Deno.env.get("TMPDIR") ?? "/tmp", "localgpt-test-native"),
    })],
];

for (const [name, make] of cases) {
  Deno.test(`Embedder ${name}: embed() returns one unit vector per text, in order, stable`, async () => {
    await using server = startFakeEmbeddingServer();
    const embedder = make(server.url);
    assert.deepEqual(await embedder.check(), { ok: true });
    const texts = ["a cat", "the longest sentence here", "a cat"];
    const vectors = await embedder.embed(texts);
    assert.equal(vectors.length, 3);
    for (const v of vectors) {
      assert.ok(v instanceof Float32Array);
      assert.equal(v.length, vectors[0].length);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-3, "unit length");
    }
    assert.deepEqual([...vectors[2]], [...vectors[0]]);
    assert.notDeepEqual([...vectors[1]], [...vectors[0]]);
    assert.equal(embedder.key, `${embedder.provider}:${embedder.model}`);
  });
}

Deno.test("createOpenAiEmbedder() sends the model and bearer key to /embeddings", async () => {
  await using server = startFakeEmbeddingServer();
  const e = createOpenAiEmbedder({ model: "m1", apiKey: "sk-abc", baseUrl: `${server.url}/v1/` });
  await e.embed(["x"]);
  assert.deepEqual(server.requests[0], {
    path: "/v1/embeddings",
    auth: "Bearer sk-abc",
    body: { model: "m1", input: ["x"] },
  });
});

Deno.test("createOpenAiEmbedder() reports a missing API key in check()", async () => {
  const e = createOpenAiEmbedder({ model: "m1" });
  const status = await e.check();
  assert.equal(status.ok, false);
  assert.match(!status.ok ? status.reason : "", /API key/);
});

Deno.test("createOllamaEmbedder() throws an error naming the model on an HTTP failure", async () => {
  await using server = startFakeEmbeddingServer();
  server.failWith = 500;
  const e = createOllamaEmbedder({ model: "nomic-embed-text", endpoint: server.url });
  await assert.rejects(e.embed(["x"]), /Cannot embed with ollama "nomic-embed-text": HTTP 500/);
});

Deno.test("createLocalEmbedder() check() says why when the model is missing and downloads are off", async () => {
  const e = createLocalEmbedder({
    model: "nope/model",
    modelDir: "/nonexistent",
    allowDownload: false,
    nativeDir: "/tmp",
  });
  const status = await e.check();
  assert.equal(status.ok, false);
  assert.match(
    !status.ok ? status.reason : "",
    /"nope\/model" not found in \/nonexistent and allow_download is false/,
  );
});

Deno.test("createLocalEmbedder() check() marks a missing model as downloadable when allowed", async () => {
  const e = createLocalEmbedder({
    model: "nope/model",
    modelDir: "/nonexistent",
    allowDownload: true,
    nativeDir: "/tmp",
  });
  const status = await e.check();
  assert.equal(!status.ok && status.downloadable, true);
});

Deno.test("createEmbedder() uses the provider's default model when model is left at the local default", () => {
  const base = {
    model: "Xenova/all-MiniLM-L6-v2",
    modelDir: "/m",
    allowDownload: false,
    nativeDir: "/n",
  };
  assert.equal(
    createEmbedder({ ...base, provider: "openai" })?.key,
    "openai:text-embedding-3-small",
  );
  assert.equal(createEmbedder({ ...base, provider: "ollama" })?.key, "ollama:nomic-embed-text");
  assert.equal(createEmbedder({ ...base, provider: "none" }), undefined);
  assert.equal(
    createEmbedder({ ...base, provider: "local" })?.key,
    "local:Xenova/all-MiniLM-L6-v2",
  );
});
