/** Wiring of the memory module from the config: paths, embedder, search settings. */
import { resolve } from "node:path";
import { expandHome, type LoadedConfig } from "../config/mod.ts";
import { createEmbedder, createMemory, type Memory } from "../memory/mod.ts";

/** Test seams for `openMemory()`. */
export interface OpenMemoryOptions {
  /** The user's home, for `~` in `memory.embedding.model_dir`. */
  home: string;
  fetch?: typeof fetch;
}

/** Creates the Memory described by `[memory]` (nothing is opened or loaded until first use). */
export function openMemory(loaded: LoadedConfig, options: OpenMemoryOptions): Memory {
  const { config, paths } = loaded;
  const m = config.memory;
  const modelDir = m.embedding.model_dir
    ? resolve(expandHome(m.embedding.model_dir, options.home))
    : paths.modelsDir;
  const embedder = createEmbedder({
    provider: m.embedding.provider,
    model: m.embedding.model,
    modelDir,
    cacheDir: paths.modelsDir,
    allowDownload: m.embedding.allow_download,
    nativeDir: paths.nativeDir,
    dtype: m.embedding.dtype,
    threads: m.embedding.threads,
    openai: { apiKey: config.providers.openai.api_key, baseUrl: config.providers.openai.base_url },
    ollama: { endpoint: config.providers.ollama.endpoint },
    fetch: options.fetch,
  });
  return createMemory({
    workspace: paths.workspace,
    indexPath: paths.memoryIndex,
    nativeDir: paths.nativeDir,
    paths: m.paths,
    exclude: m.exclude,
    chunking: { chunkSize: m.chunk_size, chunkOverlap: m.chunk_overlap },
    embedder,
    batchSize: m.embedding.batch_size,
    search: {
      textWeight: m.search.text_weight,
      vectorWeight: m.search.vector_weight,
      minScore: m.search.min_score,
      candidateMultiplier: m.search.candidate_multiplier,
      decayLambda: m.temporal_decay_lambda,
    },
  });
}
