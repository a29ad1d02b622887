/**
 * Drives a web_search turn in headless Chromium and prints what it saw as JSON (run by
 * web_ui_search_test.ts). Args: <base url> <login code> <shots dir>.
 */
import { driveWebUi } from "./_browser.ts";

await driveWebUi(async (page, seen, shot) => {
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
  await shot("search");

  // A saved reply that used the provider's own search shows its hits and sources on resume.
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await page.click("[data-tab='sessions']");
  await page.click("#session-list li[data-session='native-1'] button.link");
  await page.locator(".msg.user:has-text('Native?')").waitFor();
  const saved = page.locator(".msg.assistant").last();
  seen.nativeLinks = await saved.locator("details.tool[data-tool='web_search'] .search-results a")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  seen.nativeSources = await saved.locator(".citations a").evaluateAll((as) =>
    as.map((a) => a.getAttribute("href"))
  );
  await shot("search-resumed");

  await page.click("#session-list li[data-session='client-1'] button.link");
  await page.locator(".msg.user:has-text('Client?')").waitFor();
  seen.clientLinks = await page.locator(
    ".msg.assistant details.tool[data-tool='web_search'] .search-results a",
  ).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
});
