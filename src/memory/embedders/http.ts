/** Embedders over HTTP: OpenAI's /embeddings and Ollama's /api/embed, with an injected fetch. */
import { errorMessage } from "../../core/mod.ts";
import { type Embedder, type EmbedderStatus, type EmbedOptions, normalize } from "../embedder.ts";

/** Options of `createOpenAiEmbedder()`. */
export interface OpenAiEmbedderOptions {
  model: string;
  apiKey?: string;
  /** Default: https://api.openai.com/v1 */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Options of `createOllamaEmbedder()`. */
export interface OllamaEmbedderOptions {
  model: string;
  /** Default: http://localhost:11434 */
  endpoint?: string;
  fetch?: typeof fetch;
}

/** An embedder for OpenAI's embeddings API (or any server that speaks it). */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const base = (options.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  return {
    provider: "openai",
    model: options.model,
    key: `openai:${options.model}`,
    check(): Promise<EmbedderStatus> {
      return Promise.resolve(
        options.apiKey
          ? { ok: true }
          : { ok: false, reason: "no OpenAI API key (providers.openai.api_key or OPENAI_API_KEY)" },
      );
    },
    async embed(texts, opts?: EmbedOptions) {
      if (!options.apiKey) {
        throw new Error(`Cannot embed with openai "${options.model}": no API key`);
      }
      const body = await postJson(doFetch, `${base}/embeddings`, {
        model: options.model,
        input: texts,
      }, {
        what: `openai "${options.model}"`,
        headers: { authorization: `Bearer ${options.apiKey}` },
        signal: opts?.signal,
      }) as { data?: { index: number; embedding: number[] }[] };
      const data = [...(body.data ?? [])].sort((a, b) => a.index - b.index);
      return checkCount(
        data.map((d) => normalize(d.embedding)),
        texts.length,
        `openai "${options.model}"`,
      );
    },
  };
}

/** An embedder for Ollama's /api/embed. */
export function createOllamaEmbedder(options: OllamaEmbedderOptions): Embedder {
  const base = (options.endpoint ?? "http://localhost:11434").replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  return {
    provider: "ollama",
    model: options.model,
    key: `ollama:${options.model}`,
    check: () => Promise.resolve({ ok: true }),
    async embed(texts, opts?: EmbedOptions) {
      const body = await postJson(doFetch, `${base}/api/embed`, {
        model: options.model,
        input: texts,
      }, {
        what: `ollama "${options.model}"`,
        signal: opts?.signal,
      }) as { embeddings?: number[][] };
      return checkCount(
        (body.embeddings ?? []).map((e) => normalize(e)),
        texts.length,
        `ollama "${options.model}"`,
      );
    },
  };
}

async function postJson(
  doFetch: typeof fetch,
  url: string,
  payload: unknown,
  options: { what: string; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(payload),
      signal: options.signal ?? AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new Error(`Cannot embed with ${options.what}: ${errorMessage(error)}`, { cause: error });
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => "")).slice(0, 200);
    throw new Error(`Cannot embed with ${options.what}: HTTP ${response.status} ${detail}`.trim());
  }
  return await response.json();
}

function checkCount(vectors: Float32Array[], expected: number, what: string): Float32Array[] {
  if (vectors.length !== expected || vectors.some((v) => v.length === 0)) {
    throw new Error(
      `Cannot embed with ${what}: expected ${expected} vectors, got ${vectors.length}`,
    );
  }
  return vectors;
}
