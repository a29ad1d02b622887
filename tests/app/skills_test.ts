import assert from "node:assert/strict";
import { join } from "node:path";
import { createTempHome, runCliCaptured } from "../support/mod.ts";

async function write(path: string, text: string): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, text);
}

Deno.test("localgpt skills list --json shows eligibility reasons, overrides and broken files", async () => {
  await using home = await createTempHome();
  const ws = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await write(
    join(ws, "skills", "logs", "SKILL.md"),
    `---\nname: logs\ndescription: Search logs. Use when: asked\nmetadata: { "openclaw": { "requires": { "bins": ["no-such-bin-xyz"], }, }, }\n---\n`,
  );
  await write(join(ws, "skills", "canvas", "SKILL.md"), "# Canvas\n");
  await write(
    join(home.vars.HOME, ".agents", "skills", "logs", "SKILL.md"),
    "---\ndescription: old\n---\n",
  );
  await write(
    join(home.vars.LOCALGPT_DATA_DIR, "skills", "notes", "SKILL.md"),
    "---\ndescription: |\n  Notes.\n---\n",
  );
  const run = await runCliCaptured(["skills", "list", "--json"], home.host);
  assert.equal(run.code, 0, run.stderr);
  const data = JSON.parse(run.stdout);
  assert.deepEqual(
    data.skills.map((s: Record<string, unknown>) => [s.name, s.source, s.eligible, s.reason]),
    [
      ["notes", "managed", true, null],
      ["logs", "workspace", false, "missing on PATH: no-such-bin-xyz"],
    ],
  );
  assert.equal(data.skills[1].description, "Search logs. Use when: asked");
  assert.equal(data.shadowed[0].source, "personal");
  assert.equal(data.problems.length, 1);
  assert.match(data.problems[0].path, /canvas/);
});

Deno.test("localgpt skills list reads skills.extra_dirs and skills.disabled from config", async () => {
  await using home = await createTempHome();
  const extra = join(home.root, "extra");
  await write(join(extra, "ping", "SKILL.md"), "---\ndescription: Ping things\n---\n");
  await write(join(extra, "pong", "SKILL.md"), "---\ndescription: Pong things\n---\n");
  await write(
    join(home.vars.LOCALGPT_CONFIG_DIR, "config.toml"),
    `[skills]\nextra_dirs = ["${extra}"]\ndisabled = ["pong"]\n`,
  );
  const run = await runCliCaptured(["skills", "list"], home.host);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Skills: 1 ready, 1 unavailable/);
  assert.match(run.stdout, /✓ ping\s+\[extra\] Ping things/);
  assert.match(run.stdout, /✗ pong\s+\[extra\] disabled in config/);
});
