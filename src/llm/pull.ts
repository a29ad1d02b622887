/**
 * `models pull`: downloads a GGUF from a Hugging Face hub (or mirror) into the models folder,
 * resumable (a `.part` file continued with a Range request) and verified by sha256 before it is
 * renamed into place; a file with the wrong hash is deleted, never kept.
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { Fetch } from "./types.ts";

/** A model `localgpt models pull <name>` knows by name. */
export interface PullableModel {
  /** Saved as `<name>.gguf`, so its id is `local/<name>`. */
  name: string;
  /** Hugging Face repository and file. */
  repo: string;
  file: string;
  /** Pinned sha256 of the file; when unset, the hub's LFS hash (X-Linked-Etag) is used. */
  sha256?: string;
  /** Approximate size, for the offer to download. */
  bytes: number;
  description: string;
}

/**
 * sha256 of bartowski/Llama-3.2-1B-Instruct-GGUF Llama-3.2-1B-Instruct-Q4_K_M.gguf (807,694,464
 * bytes), as pinned by several independent public projects that download the same file.
 */
export const LLAMA_3_2_1B_INSTRUCT_Q4_K_M_SHA256 =
  "6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83";

/** The default small instruct model: Llama 3.2 1B Instruct, Q4_K_M (0.81 GB, tool calling). */
export const DEFAULT_LOCAL_MODEL = "llama-3.2-1b-instruct";

/** Models known by name. */
export const PULLABLE_MODELS: Record<string, PullableModel> = {
  [DEFAULT_LOCAL_MODEL]: {
    name: DEFAULT_LOCAL_MODEL,
    repo: "bartowski/Llama-3.2-1B-Instruct-GGUF",
    file: "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
    sha256: LLAMA_3_2_1B_INSTRUCT_Q4_K_M_SHA256,
    bytes: 807_694_464,
    description: "Llama 3.2 1B Instruct, Q4_K_M: small, multilingual, calls tools",
  },
};

/** What a pull spec names: a known model or `<owner>/<repo>/<file>.gguf`. */
export function resolvePullSpec(spec?: string): PullableModel {
  const wanted = spec?.trim() || DEFAULT_LOCAL_MODEL;
  const known = PULLABLE_MODELS[wanted.toLowerCase()];
  if (known) return known;
  const m = /^([\w.-]+\/[\w.-]+)\/(.+\.gguf)$/.exec(wanted);
  if (!m || m[2].split("/").some((p) => p === ".." || p === "")) {
    throw new RangeError(
      `Cannot pull "${wanted}": not a known model (${Object.keys(PULLABLE_MODELS).join(", ")}) ` +
        "nor <owner>/<repo>/<file>.gguf",
    );
  }
  return { name: basename(m[2], ".gguf"), repo: m[1], file: m[2], bytes: 0, description: wanted };
}

/** Options of `pullModel()`. */
export interface PullOptions {
  modelsDir: string;
  /** Hub base URL, e.g. `https://huggingface.co/`. */
  remoteHost: string;
  /** Overrides the pinned or hub hash. */
  sha256?: string;
  fetch?: Fetch;
  signal?: AbortSignal;
  /** Called as bytes arrive (`total` 0 when unknown). */
  onProgress?(done: number, total: number): void;
}

/** What `pullModel()` did. */
export interface PullResult {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes that were already there from an interrupted download. */
  resumedFrom: number;
  /** The file was already complete and verified: nothing was downloaded. */
  alreadyPresent: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Downloads `model` into `modelsDir/<name>.gguf`; throws Error naming the file on any failure. */
export async function pullModel(model: PullableModel, options: PullOptions): Promise<PullResult> {
  const path = join(options.modelsDir, `${model.name}.gguf`);
  const part = `${path}.part`;
  const fail = (detail: string): never => {
    throw new Error(`Cannot pull "${model.name}" into "${path}": ${detail}`);
  };
  const given = (options.sha256 ?? model.sha256)?.toLowerCase();
  if (given && !HEX64.test(given)) fail(`"${given}" is not a sha256 (64 hex digits)`);
  const existing = await size(path);
  if (existing !== undefined && given && await sha256File(path) === given) {
    return {
      name: model.name,
      path,
      bytes: existing,
      sha256: given,
      resumedFrom: 0,
      alreadyPresent: true,
    };
  }
  await Deno.mkdir(options.modelsDir, { recursive: true });
  let offset = (await size(part)) ?? 0;
  const url = `${options.remoteHost.replace(/\/*$/, "/")}${model.repo}/resolve/main/${model.file}`;
  const response = await (options.fetch ?? fetch)(url, {
    headers: offset ? { range: `bytes=${offset}-` } : {},
    signal: options.signal,
  }).catch((error) => fail(`cannot reach ${url}: ${(error as Error).message}`));
  if (response.status === 416 && offset) {
    await response.body?.cancel();
  } else if (!response.ok) {
    await response.body?.cancel();
    fail(`${url} answered HTTP ${response.status}`);
  }
  const hubHash = (response.headers.get("x-linked-etag") ?? "").replace(/^W\//, "")
    .replaceAll('"', "").toLowerCase();
  const expected = given ?? (HEX64.test(hubHash) ? hubHash : undefined);
  if (!expected) {
    await response.body?.cancel();
    fail(
      "no sha256 to verify it against (none pinned, the hub sent no X-Linked-Etag); " +
        "pass --sha256 <hex>",
    );
  }
  if (response.status === 200) offset = 0;
  if (response.status !== 416) {
    await download(response, part, offset, options).catch(async (error) => {
      const kept = (await size(part)) ?? 0;
      fail(
        `the download stopped after ${kept} bytes (${(error as Error).message}); ` +
          "run the same command again to resume it",
      );
    });
  }
  const got = await sha256File(part);
  if (got !== expected) {
    await Deno.remove(part).catch(() => {});
    fail(`sha256 mismatch: expected ${expected}, got ${got}; the download was deleted`);
  }
  await Deno.rename(part, path);
  return {
    name: model.name,
    path,
    bytes: (await size(path)) ?? 0,
    sha256: got,
    resumedFrom: offset,
    alreadyPresent: false,
  };
}

async function download(
  response: Response,
  part: string,
  offset: number,
  options: PullOptions,
): Promise<void> {
  const length = Number(response.headers.get("content-length") ?? 0);
  const total = length ? offset + length : 0;
  using file = await Deno.open(part, {
    write: true,
    create: true,
    append: offset > 0,
    truncate: offset === 0,
  });
  let done = offset;
  options.onProgress?.(done, total);
  for await (const chunk of response.body ?? []) {
    let written = 0;
    while (written < chunk.length) written += await file.write(chunk.subarray(written));
    done += chunk.length;
    options.onProgress?.(done, total);
  }
  if (total && done < total) throw new Error(`the connection closed at ${done} of ${total} bytes`);
}

async function size(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The sha256 of a file as hex, read in chunks. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  // The readable closes the file when it ends.
  const file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}
