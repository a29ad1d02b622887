/**
 * onnxruntime-node loads its native binding with a relative `require()`, which cannot dlopen a
 * library embedded in a `deno compile` binary. This copies the binding and libonnxruntime to a
 * real folder (`materializeNative`) and plants the loaded binding in the require cache under the
 * original path, so the relative require finds it there. Best effort: on failure the package
 * loads its own copy as usual.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { materializeNative } from "../../store/mod.ts";

let prepared: Promise<string | undefined> | undefined;

/** Loads the onnxruntime binding from `<nativeDir>/<hash>/`; returns that folder, or undefined. */
export function prepareOnnxNative(nativeDir: string): Promise<string | undefined> {
  prepared ??= load(nativeDir).catch(() => undefined);
  return prepared;
}

async function load(nativeDir: string): Promise<string | undefined> {
  const fromHere = createRequire(import.meta.url);
  const transformers = fromHere.resolve("@huggingface/transformers");
  const ortIndex = createRequire(transformers).resolve("onnxruntime-node");
  const binDir = join(dirname(ortIndex), "..", "bin", "napi-v6", process.platform, process.arch);
  const original = join(binDir, "onnxruntime_binding.node");
  const files = [...Deno.readDirSync(binDir)].filter((e) => e.isFile).map((e) =>
    join(binDir, e.name)
  );
  const copies = await materializeNative(files, nativeDir);
  const copy = copies.find((f) => f.endsWith(".node"));
  if (!copy) return undefined;
  const fromOrt = createRequire(ortIndex);
  const binding = fromOrt(copy);
  const cache = fromOrt.cache as Record<string, unknown>;
  cache[original] = {
    id: original,
    filename: original,
    loaded: true,
    exports: binding,
    children: [],
    paths: [],
  };
  return dirname(copy);
}
