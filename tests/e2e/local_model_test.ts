/**
 * End to end with the embedded provider: the real program (permission set `-P=localgpt`) runs
 * stories260K.gguf in-process through node-llama-cpp, from `<cache_dir>/models/gguf/`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  closedPort,
  createTempHome,
  HAS_SCRIPT,
  localModelSkipReason,
  type PtySession,
  REAL_MODEL_FILE,
  runLocalgpt,
  startFakeModelHub,
  startPty,
  type TempHome,
} from "../support/mod.ts";
import { LLAMA_3_2_1B_INSTRUCT_Q4_K_M_SHA256 } from "../../src/llm/mod.ts";

const skip = localModelSkipReason();
const STORY_WORDS = /\b(the|a|and|was|she|he|they|day|little|to|her|his)\b/i;

function localTest(name: string, fn: () => Promise<void>, ignore = false) {
  Deno.test({ name: skip ? `${name} [skipped: ${skip}]` : name, ignore: ignore || !!skip, fn });
}

/** At the chat prompt: asks for a story, waits for it to stream, quits; returns the exit code. */
async function storyThenQuit(pty: PtySession): Promise<number> {
  await pty.waitFor(/You: /);
  await pty.type("Once upon a time\r");
  const mark = pty.screen().length;
  await pty.waitFor(STORY_WORDS, mark);
  await pty.waitFor(/You: /, mark);
  await pty.type("/quit\r");
  await pty.waitFor(/Goodbye!/);
  return await pty.close();
}

/**
 * config.toml: `config`, then `[providers.local]` with `local`; local servers on their default
 * ports are pinned to closed ports, so that only model files are found.
 */
function localConfig(config: string, local: string): string {
  const pinned = ["lmstudio", "llamacpp"].map((name) =>
    `[providers.${name}]\ntype = "openai_compatible"\nbase_url = "http://127.0.0.1:${closedPort()}/v1"\n`
  ).join("");
  return `${config}\n[providers.local]\n${local}\n` +
    `[providers.ollama]\nendpoint = "http://127.0.0.1:${closedPort()}"\n\n` +
    `[memory.embedding]\nprovider = "none"\n\n${pinned}`;
}

/** Copies the model into the home's models folder; `config` goes into config.toml. */
async function withModel(home: TempHome, config: string, file = "stories260K.gguf") {
  const dir = join(home.vars.LOCALGPT_CACHE_DIR, "models", "gguf");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.copyFile(REAL_MODEL_FILE, join(dir, file));
  await home.writeConfig(localConfig(config, "threads = 1\n"));
  return dir;
}

localTest(
  "localgpt ask --json runs local/stories260K in-process and returns its text",
  async () => {
    await using home = await createTempHome({ PATH: "" });
    await withModel(home, `[agent]\ndefault_model = "local/stories260K"\nmax_tokens = 24\n`);
    const run = await runLocalgpt(["ask", "Once upon a time", "--json"], { vars: home.vars });
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout);
    assert.equal(body.model, "local/stories260K");
    assert.match(body.response, STORY_WORDS);
    assert.equal(body.usage.output, 24);
    assert.equal(body.usage.cost, 0);
  },
);

localTest("localgpt ask uses a GGUF of the models folder when nothing is configured", async () => {
  await using home = await createTempHome({ PATH: "" });
  await withModel(home, `[agent]\nmax_tokens = 16\n`);
  const run = await runLocalgpt(["ask", "Once upon a time", "--json"], { vars: home.vars });
  assert.equal(run.code, 0, run.stderr);
  const body = JSON.parse(run.stdout);
  assert.equal(body.model, "local/stories260K");
  assert.ok(body.response.trim().length > 0);
});

localTest("localgpt ask exits 1 with one line naming a corrupt model file", async () => {
  await using home = await createTempHome({ PATH: "" });
  const dir = await withModel(home, `[agent]\ndefault_model = "local/broken"\n`);
  const bytes = await Deno.readFile(REAL_MODEL_FILE);
  await Deno.writeFile(join(dir, "broken.gguf"), bytes.subarray(0, 4000));
  const run = await runLocalgpt(["ask", "hi"], { vars: home.vars });
  assert.equal(run.code, 1, run.stderr);
  const errors = run.stderr.trim().split("\n").filter((l) => l.includes("broken.gguf"));
  assert.equal(errors.length, 1, run.stderr);
  assert.match(errors[0], /Cannot load local model ".*broken\.gguf": truncated file/);
});

localTest("localgpt chat in a pseudo-terminal streams the local model's reply", async () => {
  await using home = await createTempHome();
  await withModel(home, `[agent]\ndefault_model = "local/stories260K"\nmax_tokens = 24\n`);
  const pty = startPty(["chat"], home.vars);
  assert.equal(await storyThenQuit(pty), 0);
}, !HAS_SCRIPT);

localTest(
  "localgpt chat on a terminal offers the default model and deletes a download that is not the pinned file",
  async () => {
    await using home = await createTempHome();
    // Only `script` on PATH, so no CLI provider is detected.
    const bin = join(home.root, "bin");
    await Deno.mkdir(bin);
    await Deno.symlink(await Deno.realPath("/usr/bin/script"), join(bin, "script"));
    home.vars.PATH = bin;
    // The fake hub serves stories260K under the default model's name (with its true LFS hash):
    // the pinned sha256 of the real file refuses it.
    const hubRoot = join(home.root, "hub");
    const repo = join(hubRoot, "bartowski", "Llama-3.2-1B-Instruct-GGUF");
    await Deno.mkdir(repo, { recursive: true });
    await Deno.copyFile(REAL_MODEL_FILE, join(repo, "Llama-3.2-1B-Instruct-Q4_K_M.gguf"));
    await using hub = startFakeModelHub(hubRoot, { linkedEtag: true });
    await home.writeConfig(
      localConfig("[agent]\nmax_tokens = 16\n", `threads = 1\nremote_host = "${hub.url}"\n`),
    );
    const pty = startPty(["chat"], home.vars);
    await pty.waitFor(/to run fully offline\? \[Y\/n\]/);
    await pty.type("y\r");
    await pty.waitFor(
      new RegExp(`sha256 mismatch: expected ${LLAMA_3_2_1B_INSTRUCT_Q4_K_M_SHA256}`),
    );
    assert.equal(hub.downloads.length, 1);
    const dir = join(home.vars.LOCALGPT_CACHE_DIR, "models", "gguf");
    const left = await Array.fromAsync(Deno.readDir(dir)).catch(() => []);
    assert.deepEqual(left.map((e) => e.name), [], "nothing of the refused download is kept");
  },
  !HAS_SCRIPT,
);
