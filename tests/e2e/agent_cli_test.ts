import assert from "node:assert/strict";
import { join } from "node:path";
import { createSessionStore } from "../../src/agent/mod.ts";
import { createTempHome, runLocalgpt, userMessage } from "../support/mod.ts";

Deno.test("localgpt skills list and sessions show work as a real process", async () => {
  await using home = await createTempHome();
  const skillDir = join(home.vars.HOME, ".agents", "skills", "hello");
  await Deno.mkdir(skillDir, { recursive: true });
  await Deno.writeTextFile(
    join(skillDir, "SKILL.md"),
    "---\nname: hello\ndescription: >\n  Say hello.\nmetadata: {openclaw: {requires: {bins: ['sh']}}}\n---\n",
  );
  const skills = await runLocalgpt(["skills", "list", "--json"], { vars: home.vars });
  assert.equal(skills.code, 0, skills.stderr);
  const entry = JSON.parse(skills.stdout).skills[0];
  assert.deepEqual([entry.name, entry.source, entry.eligible], ["hello", "personal", true]);

  const dir = join(home.vars.LOCALGPT_STATE_DIR, "agents", "main", "sessions");
  const file = await createSessionStore({ dir }).create({ cwd: "/", id: "e2e" });
  await file.appendMessage(userMessage("hello from e2e"));
  await file.close();
  const show = await runLocalgpt(["sessions", "show", "e2e"], { vars: home.vars });
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /You: hello from e2e/);
});
