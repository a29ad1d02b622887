/**
 * `deno task build:web`: bundles the web UI (`web/src/main.js` → `web/dist/app.js`) with
 * `deno bundle`. The daemon and compile.ts run the same build by themselves when the bundle is
 * older than its sources; this task forces it.
 */
import { WEB_ROOT } from "../src/app/daemon/web_assets.ts";

if (import.meta.main) {
  const target = new URL("dist/app.js", WEB_ROOT);
  await Deno.remove(target).catch(() => {});
  const { ensureWebBundle } = await import("../src/app/daemon/web_assets.ts");
  const error = await ensureWebBundle();
  if (error) {
    console.error(`error: ${error}`);
    Deno.exit(1);
  }
  console.log(`built ${target.pathname}`);
}
