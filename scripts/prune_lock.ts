/**
 * Removes node-llama-cpp's GPU builds (CUDA, Vulkan: ~620 MB unpacked on Linux x64) from deno.lock,
 * so that `deno install` gives every user its CPU build (and Metal on Apple silicon) only. Deno
 * keeps a package's locked optional dependencies as written, so the pruned lock stays pruned; run
 * `deno run -R -W scripts/prune_lock.ts` again after `deno outdated --update` re-resolves it.
 * tests/scripts/prune_lock_test.ts fails when a GPU build is back in the lock.
 */

/** Locked npm packages that are GPU builds of node-llama-cpp's binary. */
export const GPU_BUILD = /^@node-llama-cpp\/[^@]*-(cuda|cuda-ext|vulkan)(@|$)/;

interface Lock {
  npm?: Record<string, { optionalDependencies?: string[] }>;
}

/** The lock text without GPU builds (pure); returns it unchanged when there are none. */
export function pruneLock(text: string): string {
  const lock = JSON.parse(text) as Lock;
  const npm = lock.npm ?? {};
  let changed = false;
  for (const key of Object.keys(npm)) {
    if (GPU_BUILD.test(key)) {
      delete npm[key];
      changed = true;
      continue;
    }
    const optional = npm[key].optionalDependencies;
    if (optional?.some((d) => GPU_BUILD.test(d))) {
      npm[key].optionalDependencies = optional.filter((d) => !GPU_BUILD.test(d));
      changed = true;
    }
  }
  return changed ? formatLock(lock) : text;
}

/** JSON as Deno writes deno.lock: two-space indent, `os`/`cpu`/`libc` lists on one line. */
function formatLock(lock: Lock): string {
  return JSON.stringify(lock, null, 2).replace(
    /"(os|cpu|libc)": \[([^\]]*)\]/g,
    (_, key: string, list: string) => `"${key}": [${list.trim().split(/,\s*/).join(", ")}]`,
  ) + "\n";
}

if (import.meta.main) {
  const file = new URL("../deno.lock", import.meta.url);
  const before = await Deno.readTextFile(file);
  const after = pruneLock(before);
  if (after !== before) await Deno.writeTextFile(file, after);
  console.log(after === before ? "deno.lock: no GPU builds" : "deno.lock: GPU builds removed");
}
