/** The Embedder port: text in, unit vectors out. Implementations live in embedders/. */

/** Whether an embedder can work right now. */
export type EmbedderStatus =
  | { ok: true }
  | {
    ok: false;
    /** One line saying why, e.g. `model "x" not found in /models and allow_download is false`. */
    reason: string;
    /** True when `embed()` would download the model first (allowed, but not done yet). */
    downloadable?: boolean;
  };

/** Model download progress, for a progress bar. */
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

/** Options of one `embed()` call. */
export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called while model files download (local provider, allow_download = true). */
  onDownload?: (progress: DownloadProgress) => void;
}

/** Turns texts into L2-normalised vectors of one model. */
export interface Embedder {
  /** Provider name: local, openai, ollama. */
  readonly provider: string;
  /** Model id. */
  readonly model: string;
  /** `<provider>:<model>`: vectors with different keys never mix in the index. */
  readonly key: string;
  /** Says whether `embed()` can run without a download; cheap; never throws. */
  check(): Promise<EmbedderStatus>;
  /** One vector per text, in order; throws an Error naming the provider and model on failure. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

/** Scales a vector to unit length (a zero or non-finite vector becomes all zeros). */
export function normalize(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values, (v) => Number.isFinite(v) ? v : 0);
  let sum = 0;
  for (const v of out) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0) { for (let i = 0; i < out.length; i++) out[i] /= norm; }
  return out;
}
