/**
 * Drives the web UI's heartbeat badge, Background panel and live deliveries in headless Chromium
 * and prints what it saw as JSON (run by web_ui_background_test.ts). Args: <base> <code> <shots>.
 */
import { join } from "node:path";
import { driveWebUi } from "./_browser.ts";

const shots = Deno.args[2];
await driveWebUi(async (page, seen, shot) => {
  seen.badge = await page.textContent("#hb-badge");
  seen.badgeClass = await page.getAttribute("#hb-badge", "class");
  await page.click("#hb-badge");
  await page.waitForSelector("#hb-history li");
  seen.panelVisible = await page.isVisible("#panel-background");
  seen.facts = await page.textContent("#hb-facts");
  seen.history = await page.locator("#hb-history li").allTextContents();
  seen.historyStatuses = await page.locator("#hb-history li").evaluateAll((els) =>
    els.map((e) => e.getAttribute("data-status"))
  );
  seen.jobs = await page.locator("#cron-jobs li").allTextContents();
  // The test publishes a delivery once this file exists (the page is subscribed by now).
  await Deno.writeTextFile(join(shots, "background.ready"), "1");
  await page.waitForSelector(".msg[data-delivery='heartbeat']", { timeout: 20_000 });
  seen.delivery = await page.textContent(".msg[data-delivery='heartbeat']");
  await page.waitForSelector("#hb-badge[data-status='sent']", { timeout: 20_000 });
  seen.badgeAfter = await page.textContent("#hb-badge");
  await shot("background");
});
