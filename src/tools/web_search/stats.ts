/** Usage stats in `<state_dir>/search_stats.json`: queries, cache hits and estimated cost. */
import { dirname } from "node:path";

/** Counts of one provider. */
export interface ProviderStats {
  queries: number;
  cached_hits: number;
  failures: number;
  estimated_cost_usd: number;
}

/** The stats file's content. */
export interface SearchStats {
  /** ISO time of the first recorded query. */
  since: string | null;
  /** The provider that answered every query, `mixed`, or null before the first. */
  provider: string | null;
  total_queries: number;
  cached_hits: number;
  /** Queries no provider could answer. */
  failed_queries: number;
  estimated_cost_usd: number;
  providers: Record<string, ProviderStats>;
}

/** One search to record. */
export interface StatsEvent {
  /** The provider that answered (undefined when all failed). */
  provider?: string;
  cached: boolean;
  cost: number;
  /** Providers that failed before the answer (or all of them). */
  failed: string[];
  at: Date;
}

/** Stats before any query. */
export function emptyStats(): SearchStats {
  return {
    since: null,
    provider: null,
    total_queries: 0,
    cached_hits: 0,
    failed_queries: 0,
    estimated_cost_usd: 0,
    providers: {},
  };
}

/** Reads the stats file; a missing file is empty stats; throws for a file that is not stats. */
export async function readSearchStats(file: string): Promise<SearchStats> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return emptyStats();
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read search stats "${file}": not JSON`, { cause: error });
  }
  if (
    !data || typeof data !== "object" || typeof (data as SearchStats).total_queries !== "number"
  ) {
    throw new Error(`Cannot read search stats "${file}": "total_queries" is missing`);
  }
  return { ...emptyStats(), ...(data as Partial<SearchStats>) } as SearchStats;
}

/** `stats` with `event` counted (pure). */
export function addToStats(stats: SearchStats, event: StatsEvent): SearchStats {
  const out: SearchStats = structuredClone(stats);
  out.since ??= event.at.toISOString();
  out.total_queries++;
  const slot = (name: string) =>
    out.providers[name] ??= { queries: 0, cached_hits: 0, failures: 0, estimated_cost_usd: 0 };
  for (const name of event.failed) slot(name).failures++;
  if (!event.provider) {
    out.failed_queries++;
    return out;
  }
  const p = slot(event.provider);
  p.queries++;
  if (event.cached) {
    p.cached_hits++;
    out.cached_hits++;
  } else {
    p.estimated_cost_usd = round(p.estimated_cost_usd + event.cost);
    out.estimated_cost_usd = round(out.estimated_cost_usd + event.cost);
  }
  out.provider = out.provider === null || out.provider === event.provider
    ? event.provider
    : "mixed";
  return out;
}

/** Adds `event` to the file (atomic replace). */
export async function recordSearch(file: string, event: StatsEvent): Promise<void> {
  const next = addToStats(await readSearchStats(file), event);
  await Deno.mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(next, null, 2) + "\n");
  await Deno.rename(tmp, file);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** One line for `/status`: `3 queries (1 cached, 0 failed), est. $0.0080 (mixed)`. */
export function statsSummary(stats: SearchStats): string {
  if (stats.total_queries === 0) return "no queries yet";
  return `${stats.total_queries} quer${stats.total_queries === 1 ? "y" : "ies"} ` +
    `(${stats.cached_hits} cached, ${stats.failed_queries} failed), ` +
    `est. $${stats.estimated_cost_usd.toFixed(4)}` + (stats.provider ? ` (${stats.provider})` : "");
}
