/**
 * The frame of every browser driver: headless Chromium with a fresh profile, a `shot(name)`
 * screenshot helper, the observations printed as JSON, the messages' HTML on stderr on failure.
 */
import { chromium, type Page } from "playwright-core";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/chromium.ts";

/** Runs `drive` on a new page and prints what it returns as JSON (stdout). */
export async function driveBrowser(
  shots: string,
  drive: (page: Page, shot: (name: string) => Promise<unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
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
    const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });
    console.log(JSON.stringify(await drive(page, shot)));
  } catch (error) {
    const page = browser.pages()[0];
    console.error(page ? (await page.innerHTML(".messages").catch(() => "")).slice(0, 3000) : "");
    throw error;
  } finally {
    await browser.close();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/**
 * Logs in with the one-time code and runs `steps` through `driveBrowser()`, printing what they
 * saw. Args of the driver process: <base url> <login code> <shots dir>.
 */
export async function driveWebUi(
  steps: (
    page: Page,
    seen: Record<string, unknown>,
    shot: (name: string) => Promise<unknown>,
  ) => Promise<void>,
): Promise<void> {
  const [base, code, shots] = Deno.args;
  await driveBrowser(shots, async (page, shot) => {
    const seen: Record<string, unknown> = {};
    await page.goto(`${base}/login?code=${code}`);
    await page.waitForSelector("body[data-ready='1']");
    await steps(page, seen, shot);
    return seen;
  });
}
