/**
 * Drives the web UI's approval cards in headless Chromium (run by web_ui_test.ts with all
 * permissions) and prints what it saw as JSON. Args: <base url> <login code> <shots dir>.
 */
import { driveBrowser } from "./_browser.ts";

const [base, code, shots] = Deno.args;
await driveBrowser(shots, async (page, shot) => {
  const seen: Record<string, unknown> = {};
  await page.goto(`${base}/login?code=${code}`);
  await page.waitForSelector("body[data-ready='1']");

  /** Sends `text`, answers the approval card (if one comes) with `decision`, waits for the end. */
  const turn = async (text: string, decision: string, name: string) => {
    const done = await page.locator(".msg.assistant[data-done='1']").count();
    await page.fill("#input", text);
    await page.press("#input", "Enter");
    const card = page.locator(".approval:not([data-outcome])").last();
    await card.waitFor();
    const info = {
      text: (await card.textContent())?.replace(/\s+/g, " "),
      args: await card.locator(".approval-args").textContent(),
      buttons: await card.locator("button").allTextContents(),
      focused: await page.evaluate(() =>
        (globalThis as unknown as { document: { activeElement?: { textContent: string } } })
          .document.activeElement?.textContent ?? ""
      ),
    };
    await shot(name);
    await card.locator(`button[data-decision='${decision}']`).click();
    await page.locator(".msg.assistant[data-done='1']").nth(done).waitFor();
    const answer = page.locator(".msg.assistant[data-done='1']").last();
    return {
      ...info,
      outcome: await answer.locator(".approval").last().getAttribute("data-outcome"),
      status: await answer.locator(".approval .approval-status").last().textContent(),
      cards: await answer.locator(".approval").count(),
      toolOutput: await answer.locator(".tool-output").last().textContent(),
      answer: await answer.locator(".body").textContent(),
    };
  };

  seen.allow = await turn("Write note a", "allow", "approval-1-card");
  seen.deny = await turn("Write note b", "deny", "approval-2-deny");
  seen.always = await turn("Write notes c and d", "always", "approval-3-always");
  await shot("approval-4-done");
  return seen;
});
