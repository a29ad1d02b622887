import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { parseConfig } from "../../src/config/mod.ts";
import { chooseModel } from "../../src/app/model.ts";
import { modelsReport } from "../../src/app/commands/models.ts";
import { offerDefaultModel, pullInto } from "../../src/app/commands/models_pull.ts";
import { idleUnloadTick } from "../../src/app/daemon/local_model.ts";
import { ConfigError } from "../../src/core/mod.ts";
import {
  closedPort,
  createTempHome,
  REAL_MODEL_FILE,
  runCliCaptured,
  startFakeModelHub,
} from "../support/mod.ts";

const noLocal = () => ({ ollama: closedPort(), lmstudio: closedPort(), llamacpp: closedPort() });
const hasModel = await Deno.stat(REAL_MODEL_FILE).then(() => true, () => false);

/** `<root>/gguf` holding a copy of stories260K.gguf. */
async function modelsFolder(root: string): Promise<string> {
  const dir = join(root, "gguf");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.copyFile(REAL_MODEL_FILE, join(dir, "stories260K.gguf"));
  return dir;
}

/** A config whose models folder is `dir` (and nothing else set). */
function configWith(dir: string, extra = "") {
  return parseConfig(`[providers.local]\nmodels_dir = "${dir}"\n${extra}`, { vars: {} }).config;
}

function captured(isTty: boolean) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    output: {
      out: (s: string) => void (out.stdout += s),
      err: (s: string) => void (out.stderr += s),
      isTty,
      color: false,
    },
  };
}

Deno.test({
  name: "chooseModel() picks a GGUF of the models folder when nothing else is found",
  ignore: !hasModel,
  async fn() {
    await using home = await createTempHome();
    const dir = await modelsFolder(home.root);
    const choice = await chooseModel(configWith(dir), { PATH: "" }, { ports: noLocal() });
    assert.equal(choice.model, "local/stories260K");
    assert.equal(choice.source, "detected");
    assert.match(choice.detail, /stories260K\.gguf in .*runs in-process/);
  },
});

Deno.test({
  name: "chooseModel() detects again after the download offer was accepted",
  ignore: !hasModel,
  async fn() {
    await using home = await createTempHome();
    const dir = join(home.root, "gguf");
    let offered = 0;
    const choice = await chooseModel(configWith(dir), { PATH: "" }, {
      ports: noLocal(),
      offerDownload: async () => {
        offered++;
        await modelsFolder(home.root);
        return true;
      },
    });
    assert.equal(offered, 1);
    assert.equal(choice.model, "local/stories260K");
  },
});

Deno.test("chooseModel() names `localgpt models pull` in the guide when nothing is found", async () => {
  await using home = await createTempHome();
  await assert.rejects(
    chooseModel(configWith(join(home.root, "empty")), { PATH: "" }, {
      ports: noLocal(),
      offerDownload: () => Promise.resolve(false),
    }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /localgpt models pull/);
      return true;
    },
  );
});

Deno.test({
  name: "modelsReport() lists the local GGUFs with size and quantisation",
  ignore: !hasModel,
  async fn() {
    await using home = await createTempHome();
    const dir = await modelsFolder(home.root);
    const report = await modelsReport(configWith(dir), { PATH: "" }, { ports: noLocal() });
    assert.equal(report.local_models.dir, dir);
    assert.deepEqual(report.local_models.models, [{
      id: "local/stories260K",
      path: join(dir, "stories260K.gguf"),
      bytes: (await Deno.stat(REAL_MODEL_FILE)).size,
      quantization: "F32",
      architecture: "llama",
      chat_template: false,
    }]);
    assert.equal(report.default_model, "local/stories260K");
  },
});

/** A fake hub with one GGUF-named file, and the file's sha256. */
async function hubWithFile(root: string) {
  const data = new TextEncoder().encode("GGUF".padEnd(5000, "x"));
  await Deno.mkdir(join(root, "hub", "org", "tiny-GGUF"), { recursive: true });
  await Deno.writeFile(join(root, "hub", "org", "tiny-GGUF", "tiny.gguf"), data);
  return {
    hub: startFakeModelHub(join(root, "hub"), { linkedEtag: true }),
    sha: createHash("sha256").update(data).digest("hex"),
  };
}

Deno.test("localgpt models pull <owner/repo/file> --json saves the file under models_dir", async () => {
  await using home = await createTempHome();
  const { hub, sha } = await hubWithFile(home.root);
  await using _ = hub;
  await home.writeConfig(`[providers.local]\nremote_host = "${hub.url}"\n`);
  const run = await runCliCaptured(
    ["models", "pull", "org/tiny-GGUF/tiny.gguf", "--json"],
    home.host,
  );
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  const path = join(home.vars.LOCALGPT_CACHE_DIR, "models", "gguf", "tiny.gguf");
  assert.deepEqual(result, {
    name: "tiny",
    path,
    bytes: 5000,
    sha256: sha,
    resumed_from: 0,
    already_present: false,
  });
  assert.equal(run.stderr, "", "no progress bar when not on a terminal");
});

Deno.test("localgpt models pull exits 1 with one line when the hash does not match", async () => {
  await using home = await createTempHome();
  const { hub } = await hubWithFile(home.root);
  await using _ = hub;
  await home.writeConfig(`[providers.local]\nremote_host = "${hub.url}"\n`);
  const run = await runCliCaptured(
    ["models", "pull", "org/tiny-GGUF/tiny.gguf", "--sha256", "a".repeat(64)],
    home.host,
  );
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: Cannot pull "tiny" into ".*tiny\.gguf": sha256 mismatch/);
  assert.equal(run.stderr.trim().split("\n").length, 1);
});

Deno.test("pullInto() draws a progress bar on a terminal", async () => {
  await using home = await createTempHome();
  const { hub, sha } = await hubWithFile(home.root);
  await using _ = hub;
  const config = configWith(join(home.root, "gguf"), `remote_host = "${hub.url}"\n`);
  const tty = captured(true);
  let t = 0;
  await pullInto(config, tty.output, "org/tiny-GGUF/tiny.gguf", {
    sha256: sha,
    now: () => t += 100,
  });
  assert.match(tty.out.stderr, /Downloading tiny \(KB\) \[#{24}\] 5\/5/);
  assert.ok(tty.out.stderr.endsWith("\r\x1b[2K"), "the bar is cleared at the end");
});

Deno.test("offerDefaultModel() declines without downloading when the answer is no", async () => {
  await using home = await createTempHome();
  const { output, out } = captured(true);
  const accepted = await offerDefaultModel(
    configWith(join(home.root, "gguf"), `remote_host = "http://127.0.0.1:${closedPort()}/"\n`),
    output,
    () => Promise.resolve("n"),
  );
  assert.equal(accepted, false);
  assert.match(out.stderr, /Download Llama 3\.2 1B Instruct.*\[Y\/n\]/);
  await assert.rejects(Deno.stat(join(home.root, "gguf")), Deno.errors.NotFound);
});

Deno.test("idleUnloadTick() logs when it frees the model and passes the idle time on", async () => {
  const lines: string[] = [];
  const calls: [number, number][] = [];
  const log = { info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m) };
  const unload = (idleMs: number, now: number) => {
    calls.push([idleMs, now]);
    return Promise.resolve(calls.length === 2);
  };
  assert.equal(await idleUnloadTick({ idleMs: 600_000, log, unload, now: () => 1 }), false);
  assert.equal(await idleUnloadTick({ idleMs: 600_000, log, unload, now: () => 2 }), true);
  assert.deepEqual(calls, [[600_000, 1], [600_000, 2]]);
  assert.deepEqual(lines, ["local model unloaded after 600s unused"]);
});
