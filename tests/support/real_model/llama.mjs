/** node-llama-cpp's prebuilt CPU binary, never built or downloaded: shared by the Node scripts. */
// Resolved at run time from this folder's node_modules, so `deno check tests/` leaves it alone.
const { getLlama } = await import(import.meta.resolve("node-llama-cpp"));

/** The llama.cpp runtime on the CPU only, logging errors only. */
export function getCpuLlama() {
  return getLlama({
    gpu: false,
    build: "never",
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    logLevel: "error",
  });
}
