/** The `local` embedder: transformers.js feature extraction (mean pooling, normalised) on ONNX. */
import { join } from "node:path";
import { errorMessage } from "../../core/mod.ts";
import type { DownloadProgress, Embedder, EmbedderStatus, EmbedOptions } from "../embedder.ts";
import { prepareNativeAddons } from "./_native_addons.ts";
import {
  clearFailure,
  describeFailure,
  DOWNLOAD_FAILURES_FILE,
  recentFailure,
  recordFailure,
  RETRY_DOWNLOAD_AFTER_MS,
} from "./_download_failures.ts";

/** Options of `createLocalEmbedder()`. */
export interface LocalEmbedderOptions {
  /** Model id in transformers.js layout, e.g. Xenova/all-MiniLM-L6-v2. */
  model: string;
  /** Root of local models: `<modelDir>/<model>/config.json`, `onnx/…`. */
  modelDir: string;
  /** Where downloads go (default: `modelDir`). */
  cacheDir?: string;
  /** Fetch missing models from the Hugging Face hub. */
  allowDownload: boolean;
  /** Where the onnxruntime native library is materialised. */
  nativeDir: string;
  /** ONNX weights variant. Default: q8. */
  dtype?: "fp32" | "fp16" | "q8" | "q4";
  /** Intra-op threads. Default: 1. */
  threads?: number;
  /** Where downloads come from (a Hugging Face mirror). Default: https://huggingface.co/ */
  remoteHost?: string;
  /** How long a failed download is remembered before it is tried again. Default: 10 minutes. */
  retryDownloadAfterMs?: number;
  /** Clock for the failed-download record. Default: `Date.now`. */
  now?: () => number;
}

const DEFAULT_REMOTE_HOST = "https://huggingface.co/";

type Extractor = (
  texts: string[],
  options: { pooling: "mean"; normalize: boolean },
) => Promise<{ dims: number[]; data: Float32Array }>;

// One pipeline per model and settings per process, whatever the number of embedders created.
const pipelines = new Map<string, Promise<Extractor>>();
let downloadListener: ((p: DownloadProgress) => void) | undefined;

/** Creates the local embedder; nothing is loaded until the first `embed()`. */
export function createLocalEmbedder(options: LocalEmbedderOptions): Embedder {
  const cacheDir = options.cacheDir ?? options.modelDir;
  const dtype = options.dtype ?? "q8";
  const threads = options.threads ?? 1;
  const host = options.remoteHost ?? DEFAULT_REMOTE_HOST;
  const retryAfterMs = options.retryDownloadAfterMs ?? RETRY_DOWNLOAD_AFTER_MS;
  const now = options.now ?? Date.now;
  const present = async () =>
    await isPresent(options.modelDir, options.model) || await isPresent(cacheDir, options.model);
  const settings = JSON.stringify([
    options.model,
    options.modelDir,
    cacheDir,
    dtype,
    threads,
    options.allowDownload,
    options.remoteHost,
  ]);
  // A failed download is written down before the error reaches the caller (who may exit next).
  const loadRemembering = async (wasPresent: boolean): Promise<Extractor> => {
    const downloading = options.allowDownload && !wasPresent;
    try {
      const extractor = await load(options, cacheDir, dtype, threads);
      if (downloading) await clearFailure(cacheDir, options.model);
      return extractor;
    } catch (error) {
      pipelines.delete(settings);
      if (downloading && !await present()) {
        await recordFailure(cacheDir, options.model, {
          at: now(),
          host,
          error: errorMessage(error),
        });
      }
      throw error;
    }
  };
  return {
    provider: "local",
    model: options.model,
    key: `local:${options.model}`,
    async check(): Promise<EmbedderStatus> {
      if (await present()) return { ok: true };
      if (options.allowDownload) {
        const failure = recentFailure(cacheDir, options.model, host, { now: now(), retryAfterMs });
        if (failure) {
          const file = join(cacheDir, DOWNLOAD_FAILURES_FILE);
          return {
            ok: false,
            reason: describeFailure(options.model, failure, { retryAfterMs, file }),
          };
        }
        return {
          ok: false,
          downloadable: true,
          reason: `model "${options.model}" is not downloaded yet`,
        };
      }
      return {
        ok: false,
        reason:
          `model "${options.model}" not found in ${options.modelDir} and allow_download is false`,
      };
    },
    async embed(texts: readonly string[], embedOptions?: EmbedOptions) {
      if (texts.length === 0) return [];
      let extractor = pipelines.get(settings);
      if (!extractor) {
        extractor = present().then(loadRemembering);
        pipelines.set(settings, extractor);
      }
      downloadListener = embedOptions?.onDownload;
      let run: Extractor;
      try {
        run = await extractor;
      } catch (error) {
        throw new Error(`Cannot load embedding model "${options.model}": ${errorMessage(error)}`, {
          cause: error,
        });
      } finally {
        downloadListener = undefined;
      }
      const output = await run([...texts], { pooling: "mean", normalize: true });
      const dims = output.dims[output.dims.length - 1];
      return texts.map((_, i) => output.data.slice(i * dims, (i + 1) * dims));
    },
  };
}

async function load(
  options: LocalEmbedderOptions,
  cacheDir: string,
  dtype: string,
  threads: number,
): Promise<Extractor> {
  await prepareNativeAddons(options.nativeDir);
  const { pipeline, env } = await import("@huggingface/transformers");
  env.localModelPath = options.modelDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowDownload;
  env.cacheDir = cacheDir;
  // Deno has the Web Cache API, which transformers.js would prefer: downloads must land on disk.
  env.useBrowserCache = false;
  env.useFSCache = true;
  env.remoteHost = options.remoteHost ?? DEFAULT_REMOTE_HOST;
  const extractor = await pipeline("feature-extraction", options.model, {
    dtype: dtype as "q8",
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    progress_callback: (data: unknown) => {
      const p = data as { status?: string; file?: string; loaded?: number; total?: number };
      if (p.status === "progress" && downloadListener) {
        downloadListener({ file: p.file ?? "", loaded: p.loaded ?? 0, total: p.total ?? 0 });
      }
    },
  });
  return extractor as unknown as Extractor;
}

async function isPresent(root: string, model: string): Promise<boolean> {
  const config = await Deno.stat(join(root, model, "config.json")).catch(() => null);
  if (!config?.isFile) return false;
  // A half-finished download has config.json but no weights yet.
  try {
    for await (const e of Deno.readDir(join(root, model, "onnx"))) {
      if (e.name.endsWith(".onnx")) return true;
    }
  } catch {
    // no onnx folder
  }
  return false;
}
