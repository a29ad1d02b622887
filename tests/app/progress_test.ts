import assert from "node:assert/strict";
import { createProgress, renderBar } from "../../src/app/progress.ts";
import type { Output } from "../../src/app/output.ts";

function capture(isTty: boolean): Output & { errText: () => string } {
  let err = "";
  return { out() {}, err: (t) => void (err += t), isTty, color: false, errText: () => err };
}

Deno.test("renderBar() fills the bar in proportion to done/total", () => {
  assert.equal(renderBar("scan", 12, 24), `scan [${"#".repeat(12)}${"-".repeat(12)}] 12/24`);
  assert.equal(renderBar("scan", 0, 0), `scan [${"-".repeat(24)}] 0/0`);
});

Deno.test("createProgress() writes nothing when output is not a terminal", () => {
  const out = capture(false);
  const bar = createProgress(out);
  bar.update("scan", 1, 2);
  bar.end();
  assert.equal(out.errText(), "");
});

Deno.test("createProgress() draws on a terminal and clears the line at the end", () => {
  const out = capture(true);
  let t = 0;
  const bar = createProgress(out, () => t += 100);
  bar.update("scan", 1, 2);
  bar.end();
  assert.match(out.errText(), /scan \[#+-+\] 1\/2/);
  assert.ok(out.errText().endsWith("\r\x1b[2K"));
});
