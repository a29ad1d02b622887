import assert from "node:assert/strict";
import { ConfigError } from "../../src/core/mod.ts";
import { parseConfig } from "../../src/config/mod.ts";
import { createTempHome, runCliCaptured } from "../support/mod.ts";

function problems(text: string): string {
  try {
    parseConfig(text, { file: "/c/config.toml", vars: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("parseConfig() reads the heartbeat's model, budget, zone and active hours", () => {
  const { config } = parseConfig(
    `[heartbeat]\ninterval = "90s"\ntimezone = "Europe/Berlin"\nmodel = "ollama/llama3.2"\nmax_tokens_per_day = 50000\nactive_hours = { start = "22:00", end = "06:00" }\n`,
    { vars: {} },
  );
  assert.equal(config.heartbeat.interval, 90_000);
  assert.equal(config.heartbeat.model, "ollama/llama3.2");
  assert.equal(config.heartbeat.max_tokens_per_day, 50000);
  assert.deepEqual(config.heartbeat.active_hours, { start: "22:00", end: "06:00" });
});

Deno.test("parseConfig() names the key and line of a bad heartbeat zone, hour or interval", () => {
  const message = problems(
    `[heartbeat]\ninterval = "10ms"\ntimezone = "Mars/Olympus"\n[heartbeat.active_hours]\nstart = "25:00"\n`,
  );
  assert.match(message, /line 2: "heartbeat.interval": must be at least 1s/);
  assert.match(message, /line 3: "heartbeat.timezone": unknown time zone "Mars\/Olympus"/);
  assert.match(message, /line 5: "heartbeat.active_hours.start": must be a time "HH:MM"/);
});

Deno.test("parseConfig() requires both ends of active hours", () => {
  assert.match(
    problems(`[heartbeat.active_hours]\nstart = "09:00"\n`),
    /"heartbeat.active_hours.end": is required when the other end of active_hours is set/,
  );
});

Deno.test("parseConfig() refuses duplicate cron job names and unknown job zones", () => {
  const job = (name: string, extra = "") =>
    `[[cron.jobs]]\nname = "${name}"\nschedule = "every 1h"\nprompt = "p"\n${extra}`;
  const message = problems(job("a") + job("a", `timezone = "Nowhere/Land"\n`));
  assert.match(message, /line 6: "cron.jobs\[1\].name": duplicate job name "a"/);
  assert.match(message, /line 9: "cron.jobs\[1\].timezone": unknown time zone/);
});

Deno.test("a bad cron schedule stops every command with exit 2, its key and line", async () => {
  await using home = await createTempHome();
  await home.writeConfig(
    `# jobs\n[[cron.jobs]]\nname = "ok"\nschedule = "*/5 * * * *"\nprompt = "p"\n\n[[cron.jobs]]\nname = "bad"\nschedule = "0 25 * * *"\nprompt = "p"\n`,
  );
  const run = await runCliCaptured(["cron", "list"], home.host);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /line 9: "cron.jobs\[1\].schedule": Invalid schedule "0 25 \* \* \*": .*hour: 25/,
  );
});
