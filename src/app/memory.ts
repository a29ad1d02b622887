/** Wiring of the memory module from the config: paths, embedder, search settings. */
import { resolve } from "node:path";
import {
  expandHome,
  type LoadedConfig,
  type ResolvedConfig,
  type ResolvedPaths,
} from "../config/mod.ts";
import {
  createEmbedder,
  createMemory,
  type Embedder,
  type Memory,
  type MemoryWatcher,
  watchMemory,
} from "../memory/mod.ts";

/** Test seams for `openMemory()`. */
export interface OpenMemoryOptions {
  /** The user's home, for `~` in `memory.embedding.model_dir`. */
  home: string;
  fetch?: typeof fetch;
}

/** The embedder of `[memory.embedding]`; undefined for provider `none`. */
export function embedderFromConfig(
  config: ResolvedConfig,
  paths: ResolvedPaths,
  options: OpenMemoryOptions,
): Embedder | undefined {
  const e = config.memory.embedding;
  return createEmbedder({
    provider: e.provider,
    model: e.model,
    modelDir: e.model_dir ? resolve(expandHome(e.model_dir, options.home)) : paths.modelsDir,
    cacheDir: paths.modelsDir,
    allowDownload: e.allow_download,
    nativeDir: paths.nativeDir,
    dtype: e.dtype,
    threads: e.threads,
    remoteHost: e.remote_host,
    openai: { apiKey: config.providers.openai.api_key, baseUrl: config.providers.openai.base_url },
    ollama: { endpoint: config.providers.ollama.endpoint },
    fetch: options.fetch,
  });
}

/** Creates the Memory described by `[memory]` (nothing is opened or loaded until first use). */
export function openMemory(loaded: LoadedConfig, options: OpenMemoryOptions): Memory {
  const { config, paths } = loaded;
  const m = config.memory;
  return createMemory({
    workspace: paths.workspace,
    indexPath: paths.memoryIndex,
    nativeDir: paths.nativeDir,
    paths: m.paths,
    exclude: m.exclude,
    chunking: { chunkSize: m.chunk_size, chunkOverlap: m.chunk_overlap },
    embedder: embedderFromConfig(config, paths, options),
    batchSize: m.embedding.batch_size,
    ...(m.index_sessions
      ? { sessions: { dir: paths.sessionsDir, includeHeartbeat: m.index_heartbeat_sessions } }
      : {}),
    search: {
      textWeight: m.search.text_weight,
      vectorWeight: m.search.vector_weight,
      minScore: m.search.min_score,
      candidateMultiplier: m.search.candidate_multiplier,
      decayLambda: m.temporal_decay_lambda,
    },
  });
}

/**
 * Starts the daemon's watcher: changes to markdown files in the workspace (and `memory.paths`),
 * and to session transcripts when `memory.index_sessions` is on, trigger a debounced incremental
 * sync. Vectors are computed only when the model is at hand.
 */
export function startMemoryWatcher(
  memory: Memory,
  options: { debounceMs: number; onError?: (error: unknown) => void },
): MemoryWatcher {
  const { workspace, paths = [], sessions } = memory.options;
  // The sessions folder appears with the first session: create it so it can be watched now.
  if (sessions) Deno.mkdirSync(sessions.dir, { recursive: true, mode: 0o700 });
  return watchMemory({
    roots: [
      workspace,
      ...paths.map((p) => resolve(workspace, p.path)),
      ...(sessions ? [sessions.dir] : []),
    ],
    debounceMs: options.debounceMs,
    onError: options.onError,
    onChange: async () => {
      const status = await memory.status();
      await memory.sync({ embed: status.mode === "hybrid" });
    },
  });
}
