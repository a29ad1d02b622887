import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { webAssets, webBundleStale, webSourceHash } from "../../../src/app/daemon/web_assets.ts";
import { createTempHome } from "../../support/mod.ts";

async function webDir(root: string): Promise<URL> {
  const web = join(root, "web");
  await Deno.mkdir(join(web, "src"), { recursive: true });
  await Deno.mkdir(join(web, "dist"), { recursive: true });
  await Deno.writeTextFile(join(web, "index.html"), "<html></html>");
  await Deno.writeTextFile(join(web, "src", "main.js"), "console.log(1);");
  return pathToFileURL(web + "/");
}

Deno.test("webAssets() reads index.html and bundle files and refuses other paths", async () => {
  await using home = await createTempHome();
  const root = await webDir(home.root);
  await Deno.writeTextFile(new URL("dist/app.js", root), "x");
  const web = webAssets(root);
  assert.equal(new TextDecoder().decode(await web.read("index.html")), "<html></html>");
  assert.equal(new TextDecoder().decode(await web.read("app.js")), "x");
  assert.equal(await web.read("../index.html"), undefined);
  assert.equal(await web.read("src/main.js"), undefined);
});

Deno.test("webBundleStale() is true without a bundle and false once it matches the sources", async () => {
  await using home = await createTempHome();
  const root = await webDir(home.root);
  assert.equal(await webBundleStale(root), true);
  await Deno.writeTextFile(new URL("dist/app.js", root), "x");
  await Deno.writeTextFile(new URL("dist/sources.sha256", root), await webSourceHash(root));
  assert.equal(await webBundleStale(root), false);
});

Deno.test("webBundleStale() is true after a source file changes", async () => {
  await using home = await createTempHome();
  const root = await webDir(home.root);
  await Deno.writeTextFile(new URL("dist/app.js", root), "x");
  await Deno.writeTextFile(new URL("dist/sources.sha256", root), await webSourceHash(root));
  await Deno.writeTextFile(new URL("src/main.js", root), "console.log(2);");
  assert.equal(await webBundleStale(root), true);
});

Deno.test("the committed web bundle is built from the current web/src (deno task build:web)", async () => {
  assert.equal(await webBundleStale(), false);
});
