/**
 * Drives a web_search turn in headless Chromium and prints what it saw as JSON (run by
 * web_ui_search_test.ts). Args: <base url> <login code> <shots dir>.
 */
import { chromium } from "playwright-core";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/chromium.ts";

const [base, code, shots] = Deno.args;
const seen: Record<string, unknown> = {};
const profile = await Deno.makeTempDir({ prefix: "localgpt-chromium-" });
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
  await page.fill("#input", "What is Deno?");
  await page.press("#input", "Enter");
  await page.waitForSelector(".msg.assistant[data-done='1']");
  const answer = page.locator(".msg.assistant[data-done='1']").last();
  const tool = answer.locator("details.tool[data-tool='web_search']");
  seen.open = await tool.evaluate((d) => (d as unknown as { open: boolean }).open);
  const links = tool.locator(".search-results a");
  seen.links = await links.evaluateAll((as) =>
    as.map((a) => ({
      text: a.textContent,
      href: a.getAttribute("href"),
      target: a.getAttribute("target"),
      rel: a.getAttribute("rel"),
    }))
  );
  seen.meta = await tool.locator(".search-block > .muted").allTextContents();
  seen.snippets = await tool.locator(".search-snippet").allTextContents();
  seen.sources = await answer.locator(".citations a").evaluateAll((as) =>
    as.map((a) => a.getAttribute("href"))
  );
  await page.screenshot({ path: join(shots, "search.png") });
  console.log(JSON.stringify(seen));
} catch (error) {
  const page = browser.pages()[0];
  console.error(page ? (await page.innerHTML(".messages").catch(() => "")).slice(0, 3000) : "");
  throw error;
} finally {
  await browser.close();
  await Deno.remove(profile, { recursive: true }).catch(() => {});
}
