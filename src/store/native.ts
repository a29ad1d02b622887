/**
 * Native libraries that `deno compile` embeds cannot be dlopen'ed from its virtual filesystem.
 * `materializeNative()` copies them to a content-addressed folder under the cache dir and returns
 * real paths; under `deno run` it does the same, so the code path is the one the binary uses.
 */
import { basename, join } from "node:path";

/** Copies `files` (together, keeping names, so `$ORIGIN` rpaths work) into `<nativeDir>/<hash>/`. */
export async function materializeNative(files: string[], nativeDir: string): Promise<string[]> {
  const contents = await Promise.all(files.map((f) => Deno.readFile(f)));
  const hash = await digest(contents);
  const dir = join(nativeDir, hash);
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const out: string[] = [];
  for (const [i, file] of files.entries()) {
    const target = join(dir, basename(file));
    out.push(target);
    const existing = await Deno.stat(target).catch(() => null);
    if (existing?.isFile && existing.size === contents[i].byteLength) continue;
    // Write beside, then rename: a concurrent process never loads a half-written library.
    const tmp = `${target}.${crypto.randomUUID()}.tmp`;
    await Deno.writeFile(tmp, contents[i], { mode: 0o700 });
    await Deno.rename(tmp, target);
  }
  return out;
}

async function digest(parts: Uint8Array[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.byteLength;
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
