/** OpenClaw's size limits for workspace files in the prompt: per-file and total, head/tail cut. */

/** One workspace file to inject: its name as the model should read it, and its text. */
export interface ContextFile {
  /** Path relative to the workspace, e.g. `MEMORY.md` or `memory/2026-03-01.md`. */
  name: string;
  /** Human label for the boundary comment, e.g. `Long-term Memory`. */
  label: string;
  content: string;
}

/** A file after the budget: what goes into the prompt and how much was cut. */
export interface BudgetedFile extends ContextFile {
  /** Characters of the file before cutting (after trimming trailing whitespace). */
  rawChars: number;
  /** Characters injected (equals `content.length`). */
  injectedChars: number;
  truncated: boolean;
}

/** Limits of `applyContextBudget()`; defaults are OpenClaw 2.x's. */
export interface ContextBudget {
  /** Per-file cap in characters (default 20000). */
  maxChars?: number;
  /** Cap over all files in characters (default 150000). */
  totalMaxChars?: number;
}

/** The result: injected files in order, and the names left out because the total ran out. */
export interface BudgetResult {
  files: BudgetedFile[];
  omitted: string[];
}

/** Below this many remaining characters no further file is added. */
export const MIN_FILE_BUDGET_CHARS = 64;

/** Cuts one file to `max` characters keeping the head 70% and the tail 20% around a marker. */
export function truncateHeadTail(name: string, content: string, max: number): string {
  if (content.length <= max) return content;
  const head = Math.floor(max * 0.7);
  const tail = Math.floor(max * 0.2);
  const marker = [
    "",
    `[...truncated, read ${name} for full content...]`,
    `…(truncated ${name}: kept ${head}+${tail} chars of ${content.length})…`,
    "",
  ].join("\n");
  return content.slice(0, head) + "\n" + marker + "\n" + content.slice(content.length - tail);
}

/** Applies the per-file and total limits in order (OpenClaw's `buildBootstrapContextFiles`). */
export function applyContextBudget(
  files: readonly ContextFile[],
  budget: ContextBudget = {},
): BudgetResult {
  const maxChars = budget.maxChars ?? 20000;
  let remaining = budget.totalMaxChars ?? 150000;
  const out: BudgetedFile[] = [];
  const omitted: string[] = [];
  for (const file of files) {
    if (remaining < MIN_FILE_BUDGET_CHARS) {
      omitted.push(file.name);
      continue;
    }
    const raw = file.content.trimEnd();
    let content = truncateHeadTail(file.name, raw, Math.min(maxChars, remaining));
    if (content.length > remaining) content = content.slice(0, remaining - 1) + "…";
    remaining -= content.length;
    out.push({
      ...file,
      content,
      rawChars: raw.length,
      injectedChars: content.length,
      truncated: content !== raw,
    });
  }
  return { files: out, omitted };
}

/** Rough token estimate used in reports: `ceil(chars / 4)`. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
