/** The web UI served from a TestHttpDeps on 127.0.0.1 and driven by a browser driver script. */
import { join } from "node:path";
import { createHttpApp } from "../../src/channels/http/mod.ts";
import { webAssets } from "../../src/app/daemon/web_assets.ts";
import { ARTIFACTS, runBrowserDriver } from "./chromium.ts";
import { createTestHttpDeps, type TestHttpDeps } from "./http_deps.ts";

/** The one-time login code the drivers use. */
export const LOGIN_CODE = "login-code";

/** HTTP deps with the real web assets, auth required and `LOGIN_CODE` redeemable. */
export async function createWebUiDeps(): Promise<TestHttpDeps> {
  const t = await createTestHttpDeps({ web: webAssets(), security: { authRequired: true } });
  t.loginCodes.add(LOGIN_CODE);
  return t;
}

/** Serves `t` and runs `driver` (args: base URL, login code, screenshot folder); returns what it saw. */
export async function driveWebUiTest(
  t: TestHttpDeps,
  driver: URL,
): Promise<{ seen: Record<string, unknown>; base: string }> {
  const shots = join(ARTIFACTS, "web");
  await Deno.mkdir(shots, { recursive: true });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHttpApp(t.deps).fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return { seen: await runBrowserDriver(driver, [base, LOGIN_CODE, shots]), base };
}
