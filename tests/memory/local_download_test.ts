import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createLocalEmbedder,
  type DownloadProgress,
  type LocalEmbedderOptions,
} from "../../src/memory/mod.ts";
import {
  createTempWorkspace,
  type FakeModelHub,
  startFakeModelHub,
  type TempWorkspace,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "../support/mod.ts";

/** Options of an embedder that downloads the test model from `hub` into `<ws>/cache/models`. */
function downloading(ws: TempWorkspace, hub: FakeModelHub): LocalEmbedderOptions {
  return {
    model: TEST_MODEL,
    modelDir: join(ws.root, "cache", "models"),
    allowDownload: true,
    remoteHost: hub.url,
    nativeDir: ws.nativeDir,
  };
}

Deno.test("createLocalEmbedder() downloads a missing model into the cache dir when allowed, reporting progress", async () => {
  await using ws = await createTempWorkspace();
  await using hub = startFakeModelHub(TEST_MODEL_DIR);
  const models = join(ws.root, "cache", "models");
  const embedder = createLocalEmbedder(downloading(ws, hub));
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

Deno.test({
  name: "createLocalEmbedder() loads the onnxruntime and sharp addons from the native cache folder",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using ws = await createTempWorkspace();
    const embedder = createLocalEmbedder({
      model: TEST_MODEL,
      modelDir: TEST_MODEL_DIR,
      allowDownload: false,
      nativeDir: ws.nativeDir,
    });
    await embedder.embed(["cat"]);
    // Deno guards /proc/self; a child process may read this process's map.
    const cat = await new Deno.Command("cat", { args: [`/proc/${Deno.pid}/maps`] }).output();
    const mapped = new TextDecoder().decode(cat.stdout).split("\n")
      .map((l) => l.split(/\s+/).pop() ?? "")
      .filter((p) => /onnxruntime|sharp-|libvips/.test(p));
    assert.ok(mapped.some((p) => p.endsWith("onnxruntime_binding.node")));
    assert.ok(mapped.some((p) => p.endsWith(".node") && p.includes("sharp")));
    assert.deepEqual(mapped.filter((p) => !p.startsWith(ws.nativeDir)), []);
  },
});

Deno.test("createLocalEmbedder() remembers a failed download and does not retry it for 10 minutes", async () => {
  await using ws = await createTempWorkspace();
  await using hub = startFakeModelHub(join(ws.root, "no-models"));
  const models = join(ws.root, "cache", "models");
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);
  const options = { ...downloading(ws, hub), now: () => clock };
  const embedder = createLocalEmbedder(options);
  await assert.rejects(embedder.embed(["cat"]), /Cannot load embedding model/);
  const record = JSON.parse(await Deno.readTextFile(join(models, "download_failures.json")));
  assert.equal(record[TEST_MODEL].at, clock);
  assert.equal(record[TEST_MODEL].host, hub.url);
  // A later command (a new embedder) is told at once, without a download it could retry.
  clock += 9 * 60_000;
  const later = await createLocalEmbedder(options).check();
  assert.equal(later.ok, false);
  assert.equal(!later.ok && later.downloadable, undefined);
  assert.match(
    !later.ok ? later.reason : "",
    /could not be downloaded .*not trying again before 12:10:00 UTC \(delete .*download_failures\.json/,
  );
  clock += 60_000;
  const expired = await createLocalEmbedder(options).check();
  assert.equal(!expired.ok && expired.downloadable, true);
  // Another mirror is a new attempt.
  const other = await createLocalEmbedder({ ...options, remoteHost: "http://127.0.0.1:9/" })
    .check();
  assert.equal(!other.ok && other.downloadable, true);
});

Deno.test("createLocalEmbedder() forgets a remembered failure once the model downloads", async () => {
  await using ws = await createTempWorkspace();
  await using hub = startFakeModelHub(TEST_MODEL_DIR);
  const models = join(ws.root, "cache", "models");
  await Deno.mkdir(models, { recursive: true });
  const file = join(models, "download_failures.json");
  const old = { at: 0, host: hub.url, error: "fetch failed" };
  await Deno.writeTextFile(file, JSON.stringify({ [TEST_MODEL]: old, "other/model": old }));
  const embedder = createLocalEmbedder(downloading(ws, hub));
  assert.equal((await embedder.embed(["cat"]))[0].length, 64);
  assert.deepEqual(Object.keys(JSON.parse(await Deno.readTextFile(file))), ["other/model"]);
});
