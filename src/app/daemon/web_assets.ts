/**
 * The web UI's files: `web/index.html`, `web/style.css` and the bundle `web/dist/app.js` built
 * from `web/src/` with `deno bundle`. The bundle is committed with the hash of its sources, so
 * nothing is built (or downloaded) at run time unless `web/src` changed in a source checkout.
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import type { WebAssets } from "../../channels/http/mod.ts";

/** The `web/` folder next to the program (embedded into compiled binaries). */
export const WEB_ROOT = new URL("../../../web/", import.meta.url);

/** Reads UI files from `root`: `index.html`/`style.css` at the top, other files from `dist/`. */
export function webAssets(root: URL = WEB_ROOT): WebAssets {
  return {
    async read(path) {
      if (!/^[A-Za-z0-9_.-]+$/.test(path)) return undefined;
      const top = path === "index.html" || path === "style.css";
      const url = new URL(top ? path : `dist/${path}`, root);
      return await Deno.readFile(url).catch(() => undefined);
    },
  };
}

/** File with the hash of the sources the committed bundle was built from. */
const HASH_FILE = "dist/sources.sha256";

/** SHA-256 over the names and contents of `web/src/*.js`, in name order. */
export async function webSourceHash(root: URL = WEB_ROOT): Promise<string> {
  const dir = new URL("src/", root);
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".js")) names.push(e.name);
  }
  const parts: string[] = [];
  for (const name of names.sort()) {
    parts.push(name, "\0", await Deno.readTextFile(new URL(name, dir)), "\0");
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("")));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * True when `web/src` changed since the bundle was built (its recorded source hash differs) or
 * the bundle is missing. Hash-based, so a fresh checkout of the committed bundle is never stale.
 */
export async function webBundleStale(root: URL = WEB_ROOT): Promise<boolean> {
  const src = new URL("src/", root);
  if (!await Deno.stat(src).then((s) => s.isDirectory, () => false)) return false;
  const bundled = await Deno.stat(new URL("dist/app.js", root)).then(() => true, () => false);
  const recorded = (await Deno.readTextFile(new URL(HASH_FILE, root)).catch(() => "")).trim();
  return !bundled || recorded !== await webSourceHash(root);
}

/**
 * Builds `web/dist/app.js` with `deno bundle` when stale; a compiled binary (no deno, no sources)
 * skips it. Returns an error message when the build failed, else undefined.
 */
export async function ensureWebBundle(root: URL = WEB_ROOT): Promise<string | undefined> {
  if (Deno.build.standalone || root.protocol !== "file:" || !await webBundleStale(root)) return;
  const target = fromFileUrl(new URL("dist/app.js", root));
  // Bundle to a private file, then rename: parallel daemons never see a half-written bundle.
  const temp = `${target}.${Deno.pid}.tmp`;
  await Deno.mkdir(fromFileUrl(new URL("dist/", root)), { recursive: true });
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--minify",
      "-o",
      temp,
      fromFileUrl(new URL("src/main.js", root)),
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (out.success) {
    await Deno.rename(temp, target);
    await Deno.writeTextFile(new URL(HASH_FILE, root), (await webSourceHash(root)) + "\n");
    return undefined;
  }
  await Deno.remove(temp).catch(() => {});
  return `Cannot build the web UI: ${new TextDecoder().decode(out.stderr).trim().slice(0, 500)}`;
}
