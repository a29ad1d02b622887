/**
 * A real local language model for tests: tests/support/real_model/server.mjs runs under Node.js
 * and serves stories260K.gguf through node-llama-cpp's prebuilt CPU binary as an OpenAI-compatible
 * server on 127.0.0.1. node-llama-cpp is installed by `.ci/run` (see REAL_MODEL_INSTALL) into the
 * gitignored tests/support/real_model/node_modules, not through deno.json: Deno would also fetch
 * its ~340 MB (compressed) of CUDA and Vulkan optional packages on every `deno install`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_MODEL_DIR } from "./fake_embedder.ts";

/** The tiny real Llama model (TinyStories, 260K parameters, no chat template). */
export const REAL_MODEL_FILE = join(TEST_MODEL_DIR, "gguf", "stories260K.gguf");

/** The model id the server reports on `/v1/models`. */
export const REAL_MODEL_ID = "stories260K";

const SERVER_DIR = fileURLToPath(new URL("./real_model/", import.meta.url));

/** The command that installs the server's runtime (pinned by its package-lock.json). */
export const REAL_MODEL_INSTALL =
  "npm ci --prefix tests/support/real_model --ignore-scripts --omit=optional --no-audit --no-fund";

function nodeVersion(): string | null {
  try {
    const out = new Deno.Command("node", { args: ["--version"], stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null;
  }
}

/**
 * Why the real-model tests cannot run here (missing Node.js, node-llama-cpp or the model file), or
 * null when they can. `LOCALGPT_REQUIRE_REAL_MODEL=1` (set by `.ci/run`) turns every reason into
 * null, so CI fails loudly instead of skipping.
 */
export function realModelSkipReason(): string | null {
  if (Deno.env.get("LOCALGPT_REQUIRE_REAL_MODEL") === "1") return null;
  if (!existsSync(REAL_MODEL_FILE)) return `no model file ${REAL_MODEL_FILE}`;
  const version = nodeVersion();
  if (!version) return "Node.js (node) is not installed";
  if (Number(version.slice(1).split(".")[0]) < 20) return `Node.js ${version} is older than 20`;
  if (!existsSync(join(SERVER_DIR, "node_modules", "node-llama-cpp", "package.json"))) {
    return `node-llama-cpp is not installed; run: ${REAL_MODEL_INSTALL}`;
  }
  return null;
}

/**
 * Why the in-process `local` provider tests cannot run (no model file), or null when they can;
 * node-llama-cpp itself comes with `deno install`. `LOCALGPT_REQUIRE_REAL_MODEL=1` forces null.
 */
export function localModelSkipReason(): string | null {
  if (Deno.env.get("LOCALGPT_REQUIRE_REAL_MODEL") === "1") return null;
  return existsSync(REAL_MODEL_FILE) ? null : `no model file ${REAL_MODEL_FILE}`;
}

/** A running real-model server; dispose it to stop the Node.js process. */
export interface RealModelServer extends AsyncDisposable {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The model id it serves. */
  model: string;
}

/** Starts the server (about 0.3 s to load the model); `maxTokens` caps every reply (default 32). */
export async function startRealModelServer(maxTokens = 32): Promise<RealModelServer> {
  const child = new Deno.Command("node", {
    args: [
      join(SERVER_DIR, "server.mjs"),
      `--model=${REAL_MODEL_FILE}`,
      `--id=${REAL_MODEL_ID}`,
      `--max-tokens=${maxTokens}`,
    ],
    cwd: SERVER_DIR,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let head = "";
  while (!head.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    head += value;
  }
  const drained = reader.cancel().catch(() => {});
  const stop = async () => {
    // The server exits when its stdin closes; SIGKILL only if it has not after 5 s.
    await child.stdin.close().catch(() => {});
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await child.status.finally(() => clearTimeout(timer));
    await Promise.all([drained, stderr]);
  };
  if (!head.includes("\n")) {
    await stop();
    throw new Error(`Cannot start the real-model server: ${await stderr}`);
  }
  const { port, model } = JSON.parse(head) as { port: number; model: string };
  return { url: `http://127.0.0.1:${port}`, model, [Symbol.asyncDispose]: stop };
}
