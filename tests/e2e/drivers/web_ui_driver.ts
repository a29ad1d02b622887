/**
 * Drives the web UI in headless Chromium and prints what it saw as JSON (run by web_ui_test.ts
 * with all permissions; see tests/support/chromium.ts). Args: <base url> <login code> <shots dir>.
 */
import { join } from "node:path";
import { launchTestBrowser } from "../../support/chromium_browser.ts";

const [base, code, shots] = Deno.args;
const seen: Record<string, unknown> = {};
// A fresh profile (the --user-data-dir of this run), deleted afterwards.
const { browser, page, close } = await launchTestBrowser();
try {
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

  await page.goto(`${base}/login?code=${code}`);
  await page.waitForSelector("body[data-ready='1']");
  seen.url = page.url();
  seen.welcome = await page.textContent(".messages");

  await page.fill("#input", "What is my cat called?");
  await page.press("#input", "Enter");
  await page.waitForSelector(".msg.assistant[data-done='1']");
  const answer = page.locator(".msg.assistant[data-done='1']").last();
  seen.strong = await answer.locator(".body strong").textContent();
  seen.keyword = await answer.locator("pre code .tok-kw").first().textContent();
  await shot("1-chat");

  const tool = answer.locator("details.tool");
  seen.toolOpenBefore = await tool.evaluate((d) => (d as unknown as { open: boolean }).open);
  await tool.locator("summary").click();
  seen.toolOpenAfter = await tool.evaluate((d) => (d as unknown as { open: boolean }).open);
  seen.toolOutput = await tool.locator(".tool-output").textContent();
  seen.toolArgs = await tool.locator(".tool-args").textContent();
  await shot("2-tool");

  await page.click("[data-tab='memory']");
  await page.fill("#memory-q", "Pixel");
  await page.press("#memory-q", "Enter");
  await page.click("#memory-results li[data-file='MEMORY.md'] button");
  await page.waitForSelector("#viewer .hl");
  seen.highlighted = (await page.locator("#viewer .hl").allTextContents()).join("");
  await shot("3-search");

  await page.click("#viewer button:has-text('Edit')");
  await page.fill("#editor", "# Memory\n\nMy cat is called Pixel.\nI collect quokka stamps.\n");
  await page.click("#save");
  await page.waitForSelector("#save-note:has-text('Saved')");
  await page.fill("#memory-q", "quokka");
  await page.press("#memory-q", "Enter");
  await page.waitForSelector("#memory-results li[data-file='MEMORY.md']:has-text('quokka')");
  seen.quokkaHit = await page.textContent(
    "#memory-results li[data-file='MEMORY.md']:has-text('quokka')",
  );
  await shot("4-edit");

  seen.themeBefore = await page.getAttribute("html", "data-theme");
  await page.click("#theme");
  seen.themeAfter = await page.getAttribute("html", "data-theme");
  await shot("5-theme");

  await page.fill("#input", "Show me some HTML");
  await page.press("#input", "Enter");
  await page.locator(".msg.assistant[data-done='1']").nth(1).waitFor();
  const second = page.locator(".msg.assistant[data-done='1']").last();
  seen.htmlAsText = await second.locator(".body").textContent();
  seen.injectedImages = await second.locator("img").count();
  seen.xss = await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss ?? 0);

  await page.fill("#input", "/nope");
  await page.press("#input", "Enter");
  seen.unknownCommand = await page.locator(".msg.system").last().textContent();

  await page.click("[data-tab='status']");
  seen.statusPanel = await page.locator("#status-list").textContent();
  await page.click("[data-tab='config']");
  seen.configPanel = await page.locator("#config-view").textContent();
  await page.click("[data-tab='logs']");
  await page.locator("#log-lines:has-text('daemon started')").waitFor();
  seen.logsPanel = await page.locator("#log-lines").textContent();
  await page.click("[data-tab='files']");
  await page.locator("#panel-files li[data-path='MEMORY.md']").waitFor();
  seen.filesPanel = await page.locator("#panel-files").textContent();

  // A reload starts empty; the session list resumes the conversation, and deletes it.
  await page.reload();
  await page.waitForSelector("body[data-ready='1']");
  await page.click("[data-tab='sessions']");
  await page.click("#session-list li[data-session] button.link");
  await page.locator(".msg.user:has-text('What is my cat called?')").waitFor();
  seen.resumedMessages = await page.locator(".msg").count();
  page.once("dialog", (d) => d.accept());
  await page.click("#session-list li[data-session] button[aria-label^='Delete']");
  await page.locator("#panel-sessions:has-text('No sessions yet.')").waitFor();
  seen.deleted = true;

  await page.setViewportSize({ width: 390, height: 844 });
  seen.phoneSideBefore = await page.isVisible("#side");
  await page.click("#menu");
  seen.phoneSideAfter = await page.isVisible("#side");
  await shot("6-phone");
  console.log(JSON.stringify(seen));
} catch (error) {
  const page = browser.pages()[0];
  console.error(page ? (await page.innerHTML(".messages").catch(() => "")).slice(0, 3000) : "");
  throw error;
} finally {
  await close();
}
