/**
 * transformers.js loads two native addons: onnxruntime-node (inference) and sharp (images; it is
 * imported statically). Each loads its binding with a relative `require()`, and the binding finds
 * its shared library next to it, neither of which works for files embedded in a `deno compile`
 * binary. This copies each binding with its libraries to a real folder (`materializeNative`),
 * loads it from there, and plants it in the require cache under the original path, where the
 * package's own `require()` then finds it. Best effort: on failure a package loads its own copy.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { materializeNative } from "../../store/mod.ts";

let prepared: Promise<string[]> | undefined;

/** Loads the native addons of transformers.js from `<nativeDir>/<hash>/`; returns those folders. */
export function prepareNativeAddons(nativeDir: string): Promise<string[]> {
  prepared ??= (async () => {
    const transformers = createRequire(import.meta.url).resolve("@huggingface/transformers");
    const done = await Promise.all([
      prepareOnnx(transformers, nativeDir).catch(() => undefined),
      prepareSharp(transformers, nativeDir).catch(() => undefined),
    ]);
    return done.filter((d): d is string => d !== undefined);
  })();
  return prepared;
}

async function prepareOnnx(transformers: string, nativeDir: string): Promise<string | undefined> {
  const ortIndex = createRequire(transformers).resolve("onnxruntime-node");
  const binDir = join(dirname(ortIndex), "..", "bin", "napi-v6", process.platform, process.arch);
  const files = listFiles(binDir, () => true);
  return await plant(
    createRequire(ortIndex),
    join(binDir, "onnxruntime_binding.node"),
    files,
    nativeDir,
  );
}

async function prepareSharp(transformers: string, nativeDir: string): Promise<string | undefined> {
  const fromSharp = createRequire(createRequire(transformers).resolve("sharp"));
  const platform = `${process.platform}-${process.arch}`;
  // sharp requires "@img/sharp-<platform>/sharp.node", which maps to that package's index.cjs.
  const entry = fromSharp.resolve(`@img/sharp-${platform}/sharp.node`);
  const addons = listFiles(join(dirname(entry), "lib"), (n) => n.endsWith(".node"));
  const libDir = join(dirname(entry), "..", `sharp-libvips-${platform}`, "lib");
  const libs = listFiles(libDir, (n) => /\.(so(\.\d+)*|dylib|dll)$/.test(n));
  if (addons.length !== 1) return undefined;
  // The addon looks for libvips at a path relative to itself; a library already loaded is reused.
  const copies = libs.length ? await materializeNative(libs, nativeDir) : [];
  for (const lib of copies) Deno.dlopen(lib, {});
  return await plant(fromSharp, entry, addons, nativeDir);
}

async function plant(
  require: NodeJS.Require,
  original: string,
  files: string[],
  nativeDir: string,
): Promise<string | undefined> {
  const copies = await materializeNative(files, nativeDir);
  const copy = copies.find((f) => f.endsWith(".node"));
  if (!copy) return undefined;
  const binding = require(copy);
  const cache = require.cache as Record<string, unknown>;
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

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  return [...Deno.readDirSync(dir)].filter((e) => e.isFile && keep(e.name)).map((e) =>
    join(dir, e.name)
  );
}
