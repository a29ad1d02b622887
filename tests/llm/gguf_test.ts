import assert from "node:assert/strict";
import { join } from "node:path";
import { GgufError, listLocalModels, readGgufInfo } from "../../src/llm/mod.ts";
import { REAL_MODEL_FILE } from "../support/mod.ts";

const model = await Deno.readFile(REAL_MODEL_FILE).catch(() => null);

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "localgpt-gguf-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "readGgufInfo() reads architecture, quantisation, context and template of a real model",
  ignore: !model,
  async fn() {
    const info = await readGgufInfo(REAL_MODEL_FILE);
    assert.equal(info.version, 3);
    assert.equal(info.architecture, "llama");
    assert.equal(info.name, "tinyllamas-stories-260k");
    assert.equal(info.quantization, "F32");
    assert.equal(info.contextLength, 512);
    assert.equal(info.hasChatTemplate, false);
    assert.equal(info.tensorCount, 48);
  },
});

Deno.test({
  name: "readGgufInfo() rejects a file whose header is cut short as truncated",
  ignore: !model,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "cut.gguf");
      await Deno.writeFile(path, model!.subarray(0, 200));
      await assert.rejects(readGgufInfo(path), (e: Error) => {
        assert.ok(e instanceof GgufError);
        assert.match(e.message, /truncated/);
        return true;
      });
    }),
});

Deno.test("readGgufInfo() rejects a file that is not GGUF", () =>
  withDir(async (dir) => {
    const path = join(dir, "notes.gguf");
    await Deno.writeTextFile(path, "# just markdown, renamed\n");
    await assert.rejects(readGgufInfo(path), GgufError, "not a GGUF file");
  }));

Deno.test("readGgufInfo() reads general.file_type and a chat template when present", () =>
  withDir(async (dir) => {
    const path = join(dir, "tiny.gguf");
    await Deno.writeFile(
      path,
      ggufHeader([
        ["general.architecture", "qwen2"],
        ["general.file_type", 15],
        ["qwen2.context_length", 32768],
        ["tokenizer.chat_template", "{{ messages }}"],
      ]),
    );
    const info = await readGgufInfo(path);
    assert.deepEqual(
      [info.architecture, info.quantization, info.contextLength, info.hasChatTemplate],
      ["qwen2", "Q4_K_M", 32768, true],
    );
  }));

Deno.test("listLocalModels() lists GGUFs by name with size and marks unreadable ones", () =>
  withDir(async (dir) => {
    await Deno.writeFile(join(dir, "b.gguf"), ggufHeader([["general.architecture", "llama"]]));
    await Deno.writeTextFile(join(dir, "a.gguf"), "nope");
    await Deno.writeTextFile(join(dir, "readme.txt"), "not a model");
    const models = await listLocalModels(dir);
    assert.deepEqual(models.map((m) => [m.name, m.bytes > 0, !!m.error]), [
      ["a", true, true],
      ["b", true, false],
    ]);
    assert.equal(models[1].architecture, "llama");
  }));

Deno.test("listLocalModels() lists nothing for a folder that does not exist", async () => {
  assert.deepEqual(await listLocalModels("/nonexistent/localgpt/models"), []);
});

/** A GGUF v3 header with string/uint32 metadata and no tensors. */
function ggufHeader(kv: [string, string | number][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
  const u64 = (n: number) => new Uint8Array(new BigUint64Array([BigInt(n)]).buffer);
  const str = (s: string) => {
    const b = new TextEncoder().encode(s);
    return [u64(b.length), b];
  };
  parts.push(new TextEncoder().encode("GGUF"), u32(3), u64(0), u64(kv.length));
  for (const [k, v] of kv) {
    parts.push(...str(k));
    if (typeof v === "string") parts.push(u32(8), ...str(v));
    else parts.push(u32(4), u32(v));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
