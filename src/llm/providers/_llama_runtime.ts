/**
 * The process-wide llama.cpp runtime behind the `local` provider: node-llama-cpp is imported on
 * first use only, one model is loaded at a time and reused across turns and sessions, and one
 * generation runs at a time (callers queue). Load failures become one-line ProviderErrors naming
 * the file, with llama.cpp's own reason (captured from its log) instead of a native crash.
 */
import type { Llama, LlamaChat, LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import { errorMessage, ProviderError } from "../../core/mod.ts";
import { GgufError, readGgufInfo } from "../gguf.ts";

/** How the model is loaded; a change reloads it. */
export interface LoadSettings {
  /** Context in tokens; default the model's trained context, at most 8192. */
  contextSize?: number;
  /** CPU threads; default node-llama-cpp's count of math cores (the physical cores). */
  threads?: number;
  /** `off` keeps everything on the CPU. */
  gpu: "auto" | "off";
}

/** The loaded model, lent to one generation at a time. */
export interface LoadedModel {
  path: string;
  model: LlamaModel;
  sequence: LlamaContextSequence;
  contextSize: number;
  threads: number;
  /** True when the GGUF has a chat template (else the plain prompt format is used). */
  hasChatTemplate: boolean;
  /** A chat over the sequence, created on first use (template models only). */
  chat(): Promise<LlamaChat>;
  /** Milliseconds the last load took (0 when it was already loaded). */
  loadMs: number;
}

interface Slot {
  key: string;
  loaded: Promise<LoadedModel>;
  lastUsed: number;
  busy: number;
  dispose(): Promise<void>;
}

const DEFAULT_MAX_CONTEXT = 8192;

let llama: Promise<Llama> | undefined;
let slot: Slot | undefined;
let queue: Promise<void> = Promise.resolve();
/** Recent llama.cpp error lines: the reason behind node-llama-cpp's "Failed to load model". */
const recentErrors: string[] = [];

function getRuntime(gpu: LoadSettings["gpu"]): Promise<Llama> {
  llama ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    return await getLlama({
      gpu: gpu === "off" ? false : "auto",
      build: "never",
      usePrebuiltBinaries: true,
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      logger: (_level: unknown, message: string) => {
        recentErrors.push(message.trim());
        if (recentErrors.length > 8) recentErrors.shift();
      },
    });
  })();
  llama.catch(() => llama = undefined);
  return llama;
}

/**
 * Waits for the runtime to be free, loads `path` if another (or no) model is loaded, and hands it
 * to `use`; the next caller runs once `use` settles. Throws ProviderError.
 */
export function withModel<T>(
  path: string,
  settings: LoadSettings,
  use: (loaded: LoadedModel) => Promise<T>,
): Promise<T> {
  return exclusive(async () => {
    const key = JSON.stringify([path, settings]);
    if (slot?.key !== key) {
      await slot?.dispose();
      slot = createSlot(key, path, settings);
    }
    const current = slot;
    current.busy++;
    try {
      return await use(await current.loaded);
    } finally {
      current.busy--;
      current.lastUsed = Date.now();
    }
  });
}

/** Runs `fn` once every earlier caller has finished. */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const turn = queue;
  let done!: () => void;
  queue = new Promise((ok) => done = ok);
  await turn;
  try {
    return await fn();
  } finally {
    done();
  }
}

function createSlot(key: string, path: string, settings: LoadSettings): Slot {
  const disposers: (() => Promise<void>)[] = [];
  const loaded = load(path, settings, disposers);
  const created: Slot = {
    key,
    loaded,
    lastUsed: Date.now(),
    busy: 0,
    async dispose() {
      await loaded.catch(() => {});
      for (const d of disposers.reverse()) await d().catch(() => {});
    },
  };
  // A failed load is forgotten, so the next call tries again (the file may have been fixed).
  loaded.catch(() => {
    if (slot === created) slot = undefined;
  });
  return created;
}

async function load(
  path: string,
  settings: LoadSettings,
  disposers: (() => Promise<void>)[],
): Promise<LoadedModel> {
  const started = performance.now();
  const fail = (detail: string, cause?: unknown): never => {
    throw new ProviderError("invalid_request", `Cannot load local model "${path}": ${detail}`, {
      cause,
      retryable: false,
    });
  };
  const info = await readGgufInfo(path).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return fail("no such file", error);
    if (error instanceof GgufError) return fail(error.message, error);
    return fail(errorMessage(error), error);
  });
  const runtime = await getRuntime(settings.gpu).catch((error) =>
    fail(`cannot start llama.cpp (node-llama-cpp): ${errorMessage(error)}`, error)
  );
  recentErrors.length = 0;
  const model = await runtime.loadModel({ modelPath: path }).catch((error) =>
    fail(llamaReason(error, info.architecture), error)
  );
  disposers.push(() => model.dispose());
  const contextSize = settings.contextSize ??
    Math.min(model.trainContextSize || DEFAULT_MAX_CONTEXT, DEFAULT_MAX_CONTEXT);
  const threads = settings.threads ?? runtime.cpuMathCores;
  const context = await model.createContext({ contextSize, threads }).catch((error) =>
    fail(
      /too large|memory|alloc/i.test(errorMessage(error))
        ? `not enough memory for a context of ${contextSize} tokens ` +
          "(set providers.local.context_size lower)"
        : llamaReason(error, info.architecture),
      error,
    )
  );
  disposers.push(() => context.dispose());
  const sequence = context.getSequence();
  let chat: Promise<LlamaChat> | undefined;
  return {
    path,
    model,
    sequence,
    contextSize,
    threads,
    hasChatTemplate: info.hasChatTemplate,
    loadMs: performance.now() - started,
    chat: () =>
      chat ??= import("node-llama-cpp").then(({ LlamaChat }) =>
        new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false })
      ),
  };
}

/** llama.cpp's logged reason for a failure, without its function-name prefixes. */
function llamaReason(error: unknown, architecture: string): string {
  const logged = recentErrors.find((l) => /error loading model|unknown model architecture/.test(l));
  recentErrors.length = 0;
  const reason = logged?.replace(/^(\w+: )+(error loading model: )?/, "") ?? errorMessage(error);
  return /unknown model architecture/.test(reason)
    ? `unsupported architecture "${architecture}" (this llama.cpp build cannot run it)`
    : reason;
}

/**
 * Loads `path` now if it is not loaded yet (benches, a daemon warming up) and returns how long its
 * load took in ms. Throws ProviderError.
 */
export function loadLocalModel(path: string, settings: LoadSettings): Promise<number> {
  return withModel(path, settings, (loaded) => Promise.resolve(loaded.loadMs));
}

/**
 * Frees the loaded model when it has been unused for `idleMs` (and no generation is running);
 * returns true when it did. The daemon calls this from a timer (`providers.local.idle_unload`).
 */
export async function unloadIdleLocalModel(idleMs: number, now = Date.now()): Promise<boolean> {
  const current = slot;
  if (!current || current.busy > 0 || now - current.lastUsed < idleMs) return false;
  slot = undefined;
  await current.dispose();
  return true;
}

/** Frees the loaded model now (tests, shutdown); waits for a running generation first. */
export async function unloadLocalModel(): Promise<void> {
  await exclusive(async () => {
    const current = slot;
    slot = undefined;
    await current?.dispose();
  });
}

/** The loaded model's file, or undefined when none is loaded (for `doctor`, tests). */
export function loadedLocalModel(): string | undefined {
  return slot?.key ? (JSON.parse(slot.key) as [string])[0] : undefined;
}
