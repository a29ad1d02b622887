/**
 * For browser drivers only (they run with -A, see chromium.ts): launches headless Chromium with a
 * fresh profile that `close()` deletes. Not exported from mod.ts: playwright-core must not load
 * in ordinary tests.
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.ts";

/** A launched browser with its first page. */
export interface TestBrowser {
  browser: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium (1200×800) on a fresh temporary profile. */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const profile = await Deno.makeTempDir({ prefix: "localgpt-chromium-" });
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 800 },
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  return {
    browser,
    page,
    async close() {
      await browser.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
