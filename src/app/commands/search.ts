/** `localgpt search test|stats`: run one web search through the configured providers; usage stats. */
import type { Command } from "commander";
import { UsageError } from "../../core/mod.ts";
import type { SearchProviderName } from "../../tools/mod.ts";
import type { CliContext } from "../context.ts";
import { aligned, printJson, styles } from "../output.ts";
import { createWebSearchRouter } from "../web_search.ts";

/** Adds `search` with `test` and `stats`. */
export function registerSearch(program: Command, ctx: CliContext): void {
  const search = program
    .command("search")
    .description("the web_search tool: try the configured providers, show usage")
    .addHelpText(
      "after",
      '\nExamples:\n  localgpt search test "deno 2.9 release"\n' +
        '  localgpt search test "rust async" --provider brave --json\n  localgpt search stats',
    );

  search.command("test")
    .description("run one search and print the results and timing (or the provider's error)")
    .argument("<query>", "what to search for")
    .option("--provider <name>", "only this provider (default: provider, then fallback)")
    .option("--count <n>", "results wanted, 1-10 (default: tools.web_search.max_results)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      '\nExits 1 when the search fails.\n\nExamples:\n  localgpt search test "deno"\n' +
        '  localgpt search test "deno" --provider searxng --count 3 --json',
    )
    .action(async (query: string, opts: { provider?: string; count?: string; json?: boolean }) => {
      const loaded = await ctx.load();
      const tools = await import("../../tools/mod.ts");
      const settings = loaded.config.tools.web_search;
      const provider = opts.provider as SearchProviderName | undefined;
      if (provider && !tools.SEARCH_PROVIDER_NAMES.includes(provider)) {
        throw new UsageError(
          `Unknown provider "${provider}": use one of ${tools.SEARCH_PROVIDER_NAMES.join(", ")}`,
        );
      }
      if (!provider && settings.provider === "none") {
        throw new UsageError(
          "No web search provider is set: set tools.web_search.provider " +
            '(e.g. `localgpt config set tools.web_search.provider "searxng"`) or pass --provider',
        );
      }
      if (opts.count !== undefined && !/^\d+$/.test(opts.count)) {
        throw new UsageError(`Invalid --count "${opts.count}": use a whole number from 1 to 10`);
      }
      const count = tools.clampCount(
        opts.count === undefined ? settings.max_results : Number(opts.count),
      );
      const router = await createWebSearchRouter(loaded);
      try {
        const outcome = await router.search(query, { count, provider });
        for (const w of outcome.warnings) ctx.output.err(`warning: ${w}\n`);
        if (opts.json) {
          const { warnings: _, ...rest } = outcome;
          return printJson(ctx.output, { ok: true, ...rest });
        }
        ctx.output.out(tools.formatSearch(outcome) + "\n");
      } catch (error) {
        if (!(error instanceof tools.AllProvidersFailed)) throw error;
        ctx.exitCode = 1;
        if (opts.json) {
          return printJson(ctx.output, { ok: false, query, failures: error.failures });
        }
        const s = styles(ctx.output);
        for (const f of error.failures) ctx.output.err(s.red(`error: ${f.message}`) + "\n");
      }
    });

  search.command("stats")
    .description("queries, cache hits and estimated cost from <state_dir>/search_stats.json")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt search stats\n  localgpt search stats --json")
    .action(async (opts: { json?: boolean }) => {
      const loaded = await ctx.load();
      const { readSearchStats } = await import("../../tools/mod.ts");
      const file = loaded.paths.searchStats;
      const stats = await readSearchStats(file);
      if (opts.json) return printJson(ctx.output, { file, ...stats });
      const s = styles(ctx.output);
      const pct = stats.total_queries
        ? ` (${Math.round((stats.cached_hits / stats.total_queries) * 100)}%)`
        : "";
      const out = [s.bold("Web search") + "\n"];
      out.push(aligned([
        ["configured", describeOrder(loaded.config.tools.web_search)],
        ["since", stats.since ?? "-"],
        ["provider", stats.provider ?? "-"],
        ["queries", String(stats.total_queries)],
        ["cached hits", `${stats.cached_hits}${pct}`],
        ["failed", String(stats.failed_queries)],
        ["estimated cost", `$${stats.estimated_cost_usd.toFixed(4)}`],
        ["file", file],
      ]));
      const rows = Object.entries(stats.providers);
      if (rows.length) {
        out.push(s.bold("By provider") + "\n");
        out.push(aligned(rows.map(([name, p]) => [
          name,
          `${p.queries} answered, ${p.cached_hits} cached, ${p.failures} failed, ` +
          `$${p.estimated_cost_usd.toFixed(4)}`,
        ])));
      }
      ctx.output.out(out.join(""));
    });
}

function describeOrder(settings: { provider: string; fallback: string[] }): string {
  if (settings.provider === "none") return "none";
  return [settings.provider, ...settings.fallback].join(" → ");
}
