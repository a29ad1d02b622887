/**
 * The web UI's files: `web/index.html`, `web/style.css` and the bundle `web/dist/app.js` built
 * from `web/src/` with `deno bundle` (rebuilt here when stale, in a source checkout).
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

async function mtime(url: URL): Promise<number> {
  return (await Deno.stat(url).catch(() => undefined))?.mtime?.getTime() ?? 0;
}

async function newestSource(dir: URL): Promise<number> {
  let newest = 0;
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".js")) {
      newest = Math.max(newest, await mtime(new URL(e.name, dir)));
    }
  }
  return newest;
}

/** True when `web/src` is newer than the bundle (or the bundle is missing). */
export async function webBundleStale(root: URL = WEB_ROOT): Promise<boolean> {
  const src = new URL("src/", root);
  if (!await Deno.stat(src).then((s) => s.isDirectory, () => false)) return false;
  return await newestSource(src) > await mtime(new URL("dist/app.js", root));
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
    return undefined;
  }
  await Deno.remove(temp).catch(() => {});
  return `Cannot build the web UI: ${new TextDecoder().decode(out.stderr).trim().slice(0, 500)}`;
}
