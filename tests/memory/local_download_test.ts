import assert from "node:assert/strict";
import { join } from "node:path";
import { createLocalEmbedder, type DownloadProgress } from "../../src/memory/mod.ts";
import {
  createTempWorkspace,
  startFakeModelHub,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

Deno.test("createLocalEmbedder() downloads a missing model into the cache dir when allowed, reporting progress", async () => {
  await using ws = await createTempWorkspace();
  await using hub = startFakeModelHub(TEST_MODEL_DIR);
  const models = join(ws.root, "cache", "models");
  const embedder = createLocalEmbedder({
    model: TEST_MODEL,
    modelDir: models,
    allowDownload: true,
    remoteHost: hub.url,
    nativeDir: ws.nativeDir,
  });
  const before = await embedder.check();
  assert.equal(!before.ok && before.downloadable, true);
  const progress: DownloadProgress[] = [];
  const [vector] = await embedder.embed(["cat"], { onDownload: (p) => progress.push(p) });
  assert.equal(vector.length, 64);
  assert.ok(hub.downloads.some((p) => p.endsWith("config.json")));
  assert.ok(progress.some((p) => p.file.endsWith(".onnx") && p.loaded === p.total && p.total > 0));
  assert.ok((await Deno.stat(join(models, TEST_MODEL, "config.json"))).isFile);
  assert.deepEqual(await embedder.check(), { ok: true });
});

Deno.test("createLocalEmbedder() never contacts the hub when downloads are off", async () => {
  await using ws = await createTempWorkspace();
  await using hub = startFakeModelHub(TEST_MODEL_DIR);
  const embedder = createLocalEmbedder({
    model: TEST_MODEL,
    modelDir: join(ws.root, "empty"),
    allowDownload: false,
    remoteHost: hub.url,
    nativeDir: ws.nativeDir,
  });
  await assert.rejects(embedder.embed(["cat"]), /Cannot load embedding model/);
  assert.deepEqual(hub.downloads, []);
});
