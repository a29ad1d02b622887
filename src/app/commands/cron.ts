/** `localgpt cron list|add|remove|run|next`: scheduled prompts in `[[cron.jobs]]`, run by the daemon. */
import { type Command, InvalidArgumentError } from "commander";
import { UsageError } from "../../core/mod.ts";
import type { CliContext } from "../context.ts";
import { printJson, styles } from "../output.ts";

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new InvalidArgumentError(`"${value}" is not a count from 1 to 100`);
  }
  return n;
}

/** Adds the `cron` command tree. */
export function registerCron(program: Command, ctx: CliContext): void {
  const cron = program
    .command("cron")
    .description("scheduled prompts the daemon runs ([[cron.jobs]] in config.toml)")
    .addHelpText(
      "after",
      `\nExamples:\n  localgpt cron list\n  localgpt cron add --name digest --schedule "0 18 * * MON-FRI" --prompt "Summarise today's notes"\n  localgpt cron next "every 2h" -n 3\n  localgpt cron run digest\n  localgpt cron remove digest`,
    );
  cron
    .command("list")
    .description("list jobs with their last and next runs")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt cron list\n  localgpt cron list --json")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const { cronJobs } = await import("../background_config.ts");
      const { cronListJson } = await import("../background_status.ts");
      const { planJobs, readCronState } = await import("../../heartbeat/mod.ts");
      const model = loaded.config.agent.default_model ?? "auto";
      const jobs = await cronJobs(loaded.config, model);
      const state = planJobs(jobs, await readCronState(loaded.paths.cronState), Date.now());
      const list = cronListJson(jobs, state);
      if (opts.json) return printJson(ctx.output, { jobs: list });
      if (list.length === 0) {
        ctx.output.out(
          `No cron jobs. Add one with: localgpt cron add --name … --schedule … --prompt …\n`,
        );
        return;
      }
      const rows = list.map((j) => [
        j.name,
        j.schedule,
        j.enabled ? "yes" : "no",
        j.next_run ?? "-",
        j.last_run ? `${j.last_run.status} ${new Date(j.last_run.ts).toISOString()}` : "never",
      ]);
      ctx.output.out(table(["NAME", "SCHEDULE", "ENABLED", "NEXT RUN", "LAST RUN"], rows, ctx));
    });
  cron
    .command("add")
    .description("add a job to config.toml (comments and layout are kept)")
    .requiredOption("--name <name>", "job name (unique)")
    .requiredOption("--schedule <schedule>", 'cron expression ("0 9 * * MON-FRI") or "every 30m"')
    .requiredOption("--prompt <text>", "what the assistant is asked")
    .option("--timeout <duration>", "max run time", "10m")
    .option("--model <model>", "model for this job")
    .option("--timezone <zone>", "IANA time zone of the cron expression")
    .option("--disabled", "add it switched off")
    .option("--json", "print the added job as JSON")
    .addHelpText(
      "after",
      `\nExamples:\n  localgpt cron add --name digest --schedule "0 18 * * *" --prompt "Summarise today's notes"\n  localgpt cron add --name inbox --schedule "every 2h" --prompt "Check memory/inbox.md" --timeout 5m`,
    )
    .action(async (opts: AddOptions) => await addJob(ctx, opts));
  cron
    .command("remove <name>")
    .description("remove a job from config.toml")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt cron remove digest")
    .action(async (name: string, opts: { json?: boolean }) => await removeJob(ctx, name, opts));
  cron
    .command("run <name>")
    .description("run a job now, in the foreground, and print its reply")
    .option("--json", "print the run as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt cron run digest\n  localgpt cron run digest --json",
    )
    .action(async (name: string, opts: { json?: boolean }) => await runJob(ctx, name, opts));
  cron
    .command("next <schedule>")
    .description("preview the next run times of a schedule")
    .option("-n, --count <n>", "how many", parseCount, 5)
    .option("--timezone <zone>", "IANA time zone (default: local)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      `\nExamples:\n  localgpt cron next "0 9 * * MON-FRI"\n  localgpt cron next "every 90s" -n 3 --json`,
    )
    .action(
      async (schedule: string, opts: { count: number; timezone?: string; json?: boolean }) => {
        const hb = await import("../../heartbeat/mod.ts");
        if (opts.timezone && !hb.isValidTimeZone(opts.timezone)) {
          throw new UsageError(`Unknown time zone "${opts.timezone}"`);
        }
        const parsed = parse(hb.parseSchedule, schedule, opts.timezone);
        const runs = hb.nextRuns(parsed, Date.now(), { count: opts.count });
        const iso = runs.map((t) => new Date(t).toISOString());
        if (opts.json) return printJson(ctx.output, { schedule: parsed.text, next_runs: iso });
        ctx.output.out(
          runs.map((t) => `${localTime(t)}  (${new Date(t).toISOString()})\n`).join(""),
        );
      },
    );
}

interface AddOptions {
  name: string;
  schedule: string;
  prompt: string;
  timeout: string;
  model?: string;
  timezone?: string;
  disabled?: boolean;
  json?: boolean;
}

function parse<T>(fn: (s: string, tz?: string) => T, schedule: string, tz?: string): T {
  try {
    return fn(schedule, tz);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function addJob(ctx: CliContext, opts: AddOptions): Promise<void> {
  const loaded = await ctx.load();
  const { parseSchedule } = await import("../../heartbeat/mod.ts");
  const { appendTableItem, parseDuration } = await import("../../config/mod.ts");
  const { writeFileAtomic } = await import("./config.ts");
  parse(parseSchedule, opts.schedule, opts.timezone);
  if (!opts.name.trim()) throw new UsageError("Cannot add the job: --name must not be empty");
  if (loaded.config.cron.jobs.some((j) => j.name === opts.name)) {
    throw new UsageError(`Cannot add the job: a job named "${opts.name}" already exists`);
  }
  if (parseDuration(opts.timeout) === undefined) {
    throw new UsageError(
      `Cannot add the job: --timeout "${opts.timeout}" is not a duration such as "10m"`,
    );
  }
  const q = (s: string) => JSON.stringify(s);
  const fields: [string, string][] = [
    ["name", q(opts.name)],
    ["schedule", q(opts.schedule.trim())],
    ["prompt", q(opts.prompt)],
    ["timeout", q(opts.timeout)],
  ];
  if (opts.model) fields.push(["model", q(opts.model)]);
  if (opts.timezone) fields.push(["timezone", q(opts.timezone)]);
  if (opts.disabled) fields.push(["enabled", "false"]);
  const file = loaded.paths.configFile;
  const text = await Deno.readTextFile(file).catch(() => "");
  const updated = appendTableItem(text, "cron.jobs", fields, { file, vars: ctx.host.vars });
  await Deno.mkdir(loaded.paths.configDir, { recursive: true });
  await writeFileAtomic(file, updated);
  const job = Object.fromEntries(fields.map(([k, v]) => [k, JSON.parse(v)]));
  if (opts.json) return printJson(ctx.output, { added: job, file });
  ctx.output.out(`Added cron job "${opts.name}" (${opts.schedule.trim()}) to ${file}\n`);
  ctx.output.out(`The daemon picks it up on its next start: localgpt daemon restart\n`);
}

async function removeJob(ctx: CliContext, name: string, opts: { json?: boolean }): Promise<void> {
  const loaded = await ctx.load();
  const index = loaded.config.cron.jobs.findIndex((j) => j.name === name);
  if (index < 0) throw new UsageError(`Cannot remove cron job "${name}": no such job`);
  const { removeTableItem } = await import("../../config/mod.ts");
  const { writeFileAtomic } = await import("./config.ts");
  const file = loaded.paths.configFile;
  const text = await Deno.readTextFile(file);
  await writeFileAtomic(
    file,
    removeTableItem(text, "cron.jobs", index, { file, vars: ctx.host.vars }),
  );
  if (opts.json) return printJson(ctx.output, { removed: name, file });
  ctx.output.out(`Removed cron job "${name}" from ${file}\n`);
}

async function runJob(ctx: CliContext, name: string, opts: { json?: boolean }): Promise<void> {
  const loaded = await ctx.load();
  const entry = loaded.config.cron.jobs.find((j) => j.name === name);
  if (!entry) throw new UsageError(`Cannot run cron job "${name}": no such job`);
  const { setupAgent } = await import("../agent_setup.ts");
  const { cronJobs } = await import("../background_config.ts");
  const { runCronJob } = await import("../../heartbeat/mod.ts");
  const setup = await setupAgent(loaded, ctx.host, {
    model: entry.model,
    tools: { noApproval: true },
    warn: (text) => ctx.output.err(text),
  });
  const abort = new AbortController();
  const onInt = () => abort.abort();
  Deno.addSignalListener("SIGINT", onInt);
  try {
    const job = (await cronJobs(loaded.config, setup.choice.model)).find((j) => j.name === name)!;
    const run = await runCronJob(
      job,
      { sessionDeps: setup.deps, deliver: () => Promise.resolve() },
      abort.signal,
    );
    if (run.status === "failed" || run.status === "timed_out") ctx.exitCode = 1;
    if (opts.json) return printJson(ctx.output, { name, ...run });
    if (ctx.exitCode) {
      ctx.output.err(`Cron job "${name}" ${run.status.replace("_", " ")}: ${run.reason}\n`);
    } else ctx.output.out((run.text || "(no reply)") + "\n");
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    setup.close();
  }
}

function table(head: string[], rows: string[][], ctx: CliContext): string {
  const s = styles(ctx.output);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ") + "\n";
  return s.bold(line(head).trimEnd()) + "\n" + rows.map(line).join("");
}

/** `YYYY-MM-DD HH:MM Day` in local time. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = d.toLocaleDateString("en-US", { weekday: "short" });
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  } ${day}`;
}
