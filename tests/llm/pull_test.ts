import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DEFAULT_LOCAL_MODEL, pullModel, resolvePullSpec } from "../../src/llm/mod.ts";
import { startFakeModelHub } from "../support/mod.ts";

const REPO = "test-org/tiny-GGUF";
const FILE = "tiny-Q8_0.gguf";
const DATA = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
const SHA = createHash("sha256").update(DATA).digest("hex");

/** A hub root holding the test file, and an empty models folder. */
async function setup() {
  const root = await Deno.makeTempDir({ prefix: "localgpt-hub-" });
  await Deno.mkdir(join(root, "hub", REPO), { recursive: true });
  await Deno.writeFile(join(root, "hub", REPO, FILE), DATA);
  const modelsDir = join(root, "models");
  return {
    hubRoot: join(root, "hub"),
    modelsDir,
    path: join(modelsDir, "tiny-Q8_0.gguf"),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

const spec = () => resolvePullSpec(`${REPO}/${FILE}`);

Deno.test("pullModel() downloads, verifies against the hub's LFS sha256 and reports progress", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot, { linkedEtag: true });
  const progress: [number, number][] = [];
  const result = await pullModel(spec(), {
    modelsDir: t.modelsDir,
    remoteHost: hub.url,
    onProgress: (done, total) => progress.push([done, total]),
  });
  assert.deepEqual(await Deno.readFile(t.path), DATA);
  assert.equal(result.sha256, SHA);
  assert.equal(result.bytes, DATA.length);
  assert.equal(result.resumedFrom, 0);
  assert.deepEqual(progress.at(-1), [DATA.length, DATA.length]);
  assert.deepEqual(hub.downloads, [`/${REPO}/resolve/main/${FILE}`]);
});

Deno.test("pullModel() resumes an interrupted download with a Range request", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot, { linkedEtag: true, cutFirstAfter: 100_000 });
  const options = { modelsDir: t.modelsDir, remoteHost: hub.url };
  await assert.rejects(pullModel(spec(), options), /stopped after 100000 bytes.*resume/);
  assert.equal((await Deno.stat(`${t.path}.part`)).size, 100_000);
  const result = await pullModel(spec(), options);
  assert.equal(result.resumedFrom, 100_000);
  assert.deepEqual(hub.ranges, [null, "bytes=100000-"]);
  assert.deepEqual(await Deno.readFile(t.path), DATA);
  await assert.rejects(Deno.stat(`${t.path}.part`), Deno.errors.NotFound);
});

Deno.test("pullModel() refuses a file with the wrong sha256 and deletes it", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot, { linkedEtag: true });
  const wrong = "0".repeat(64);
  await assert.rejects(
    pullModel(spec(), { modelsDir: t.modelsDir, remoteHost: hub.url, sha256: wrong }),
    (e: Error) => {
      assert.match(
        e.message,
        /sha256 mismatch: expected 0{64}, got [0-9a-f]{64}; the download was deleted/,
      );
      assert.ok(e.message.includes(t.path));
      return true;
    },
  );
  await assert.rejects(Deno.stat(t.path), Deno.errors.NotFound);
  await assert.rejects(Deno.stat(`${t.path}.part`), Deno.errors.NotFound);
});

Deno.test("pullModel() refuses to download without a hash to verify against", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot);
  await assert.rejects(
    pullModel(spec(), { modelsDir: t.modelsDir, remoteHost: hub.url }),
    /no sha256 to verify it against.*--sha256/,
  );
  await assert.rejects(Deno.stat(t.path), Deno.errors.NotFound);
});

Deno.test("pullModel() downloads nothing when the verified file is already there", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot);
  const options = { modelsDir: t.modelsDir, remoteHost: hub.url, sha256: SHA };
  await pullModel(spec(), options);
  const again = await pullModel(spec(), options);
  assert.equal(again.alreadyPresent, true);
  assert.equal(hub.downloads.length, 1);
});

Deno.test("pullModel() names the URL when the hub has no such file", async () => {
  await using t = await setup();
  await using hub = startFakeModelHub(t.hubRoot);
  await assert.rejects(
    pullModel(resolvePullSpec(`${REPO}/missing.gguf`), {
      modelsDir: t.modelsDir,
      remoteHost: hub.url,
      sha256: SHA,
    }),
    /missing\.gguf answered HTTP 404/,
  );
});

Deno.test("resolvePullSpec() knows the default model and owner/repo/file.gguf", () => {
  assert.equal(resolvePullSpec().name, DEFAULT_LOCAL_MODEL);
  assert.equal(resolvePullSpec(DEFAULT_LOCAL_MODEL).file, "Llama-3.2-1B-Instruct-Q4_K_M.gguf");
  assert.deepEqual(
    [spec().name, spec().repo, spec().file],
    ["tiny-Q8_0", REPO, FILE],
  );
  assert.throws(
    () => resolvePullSpec("gpt-5"),
    /not a known model .* nor <owner>\/<repo>\/<file>\.gguf/,
  );
  assert.throws(() => resolvePullSpec("a/b/../x.gguf"), RangeError);
});
