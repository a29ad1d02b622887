/**
 * What every browser driver shares: a fresh Chromium profile, login with a one-time code, the
 * observations printed as JSON, the page's HTML on failure, cleanup. Args: <base> <code> <shots>.
 */
import { chromium, type Page } from "playwright-core";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/chromium.ts";

/** Logs in, runs `steps` and prints what they saw; `shot(name)` saves `<shots>/<name>.png`. */
export async function driveWebUi(
  steps: (
    page: Page,
    seen: Record<string, unknown>,
    shot: (name: string) => Promise<unknown>,
  ) => Promise<void>,
): Promise<void> {
  const [base, code, shots] = Deno.args;
  const seen: Record<string, unknown> = {};
  const profile = await Deno.makeTempDir({ prefix: "localgpt-chromium-" });
  // A fresh profile (the --user-data-dir of this run), deleted afterwards.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 800 },
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(`${base}/login?code=${code}`);
    await page.waitForSelector("body[data-ready='1']");
    await steps(page, seen, (name) => page.screenshot({ path: join(shots, `${name}.png`) }));
    console.log(JSON.stringify(seen));
  } catch (error) {
    const page = browser.pages()[0];
    console.error(page ? (await page.innerHTML(".messages").catch(() => "")).slice(0, 3000) : "");
    throw error;
  } finally {
    await browser.close();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
