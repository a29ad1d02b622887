/** A deterministic Embedder for tests: bag-of-words vectors, with a record of every call. */
import { fileURLToPath } from "node:url";
import type { Embedder, EmbedderStatus } from "../../src/memory/mod.ts";

/** The shared test models folder and the small real ONNX model in it. */
export const TEST_MODEL_DIR = fileURLToPath(new URL("../../../shared/models", import.meta.url));
/** A WordNet-based 64-dim test model: "feline" lands near "cat". */
export const TEST_MODEL = "localgpt-test/wordnet-mini-64";

/** A fake embedder whose vectors hash words into `dims` buckets. */
export interface FakeEmbedder extends Embedder {
  /** Every `embed()` call's texts, in order. */
  calls: string[][];
  /** Total texts embedded. */
  readonly embeddedTexts: number;
  /** When set, `embed()` throws this after `failAfter` successful calls. */
  failAfter?: number;
  status: EmbedderStatus;
}

/** Creates a fake embedder named `fake:<model>`. */
export function createFakeEmbedder(model = "bag-of-words", dims = 32): FakeEmbedder {
  const fake: FakeEmbedder = {
    provider: "fake",
    model,
    key: `fake:${model}`,
    calls: [],
    status: { ok: true },
    get embeddedTexts() {
      return fake.calls.reduce((n, c) => n + c.length, 0);
    },
    check: () => Promise.resolve(fake.status),
    embed(texts) {
      if (fake.failAfter !== undefined && fake.calls.length >= fake.failAfter) {
        return Promise.reject(new Error("Cannot embed with fake: simulated crash"));
      }
      fake.calls.push([...texts]);
      return Promise.resolve(texts.map((t) => bagOfWords(t, dims)));
    },
  };
  return fake;
}

function bagOfWords(text: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (const c of word) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
    v[(h >>> 0) % dims] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
