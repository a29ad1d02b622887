/** Usage totals: pure sums of per-call usage, for a session's running total. */
import type { Usage } from "../core/mod.ts";

/** A running total; `cost` is undefined while any call had an unknown price. */
export interface UsageTotals extends Usage {
  calls: number;
  /** Calls whose cost was unknown (not counted in `cost`). */
  unpricedCalls: number;
}

/** A zero total. */
export function emptyTotals(): UsageTotals {
  return {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    total: 0,
    cost: 0,
    calls: 0,
    unpricedCalls: 0,
  };
}

/** Returns `totals` plus one call's `usage` (does not mutate). */
export function addUsage(totals: UsageTotals, usage: Usage): UsageTotals {
  return {
    input: totals.input + usage.input,
    output: totals.output + usage.output,
    cacheRead: totals.cacheRead + usage.cacheRead,
    cacheWrite: totals.cacheWrite + usage.cacheWrite,
    total: totals.total + usage.total,
    cost: (totals.cost ?? 0) + (usage.cost ?? 0),
    calls: totals.calls + 1,
    unpricedCalls: totals.unpricedCalls + (usage.cost === undefined ? 1 : 0),
  };
}

/** Formats a cost in USD for humans: `$0.0123`. */
export function formatCost(cost: number | undefined): string {
  if (cost === undefined) return "unknown";
  return `$${cost < 0.01 && cost > 0 ? cost.toFixed(4) : cost.toFixed(2)}`;
}
