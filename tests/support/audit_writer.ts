/** Subprocess for the concurrent-writer test: appends N audit entries to a log. */
import { appendAudit } from "../../src/security/mod.ts";

const [path, label, count] = Deno.args;
for (let i = 0; i < Number(count); i++) {
  await appendAudit(path, { action: "verified", source: `cli`, detail: `${label}-${i}` });
}
