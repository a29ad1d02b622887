/** The GGUF models in a folder, with their size and quantisation (for `models` and detection). */
import { join } from "node:path";
import { readGgufInfo } from "./gguf.ts";

/** One `<name>.gguf` file of the models folder. */
export interface LocalModel {
  /** What follows `local/` in a model id. */
  name: string;
  path: string;
  bytes: number;
  /** `Q4_K_M`, `F16`…, or `unknown`. */
  quantization: string;
  architecture?: string;
  hasChatTemplate?: boolean;
  /** Why the header could not be read (truncated, not GGUF). */
  error?: string;
}

/** Lists `*.gguf` in `dir` by name; an absent folder lists nothing. Never throws for bad files. */
export async function listLocalModels(dir: string): Promise<LocalModel[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if ((e.isFile || e.isSymlink) && e.name.endsWith(".gguf")) names.push(e.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  names.sort();
  return await Promise.all(names.map(async (file): Promise<LocalModel> => {
    const path = join(dir, file);
    const name = file.slice(0, -".gguf".length);
    const bytes = (await Deno.stat(path)).size;
    try {
      const info = await readGgufInfo(path);
      return {
        name,
        path,
        bytes,
        quantization: info.quantization,
        architecture: info.architecture,
        hasChatTemplate: info.hasChatTemplate,
      };
    } catch (error) {
      return { name, path, bytes, quantization: "unknown", error: (error as Error).message };
    }
  }));
}
