/** `localgpt sessions list|show|delete`: the saved conversations of the current agent. */
import { type Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../context.ts";
import { type Output, printJson, styles } from "../output.ts";
import type {
  messageText as MessageText,
  ParsedTranscript,
  SessionStore,
  SessionSummary,
  TranscriptEntry,
} from "../../agent/mod.ts";

async function openStore(ctx: CliContext): Promise<SessionStore> {
  const loaded = await ctx.load();
  const { createSessionStore } = await import("../../agent/mod.ts");
  return createSessionStore({ dir: loaded.paths.sessionsDir });
}

/** Adds `sessions list`, `sessions show` and `sessions delete`. */
export function registerSessions(program: Command, ctx: CliContext): void {
  const sessions = program
    .command("sessions")
    .description("list, show and delete saved conversations")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt sessions list\n  localgpt sessions show 3f2a\n  localgpt -a work sessions list --json",
    );
  sessions
    .command("list")
    .description("list sessions, most recent first")
    .option("--json", "print as JSON")
    .option("-n, --limit <count>", "show at most this many", parseCount)
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt sessions list\n  localgpt sessions list -n 5 --json",
    )
    .action(async (opts: { json?: boolean; limit?: number }) => {
      const store = await openStore(ctx);
      const list = (await store.list()).slice(0, opts.limit ?? Infinity);
      if (opts.json) return printJson(ctx.output, { sessions: list.map(summaryJson) });
      ctx.output.out(formatList(list, ctx.output, store.dir));
    });
  sessions
    .command("show <id>")
    .description("print a conversation (id or unique id prefix)")
    .option("--json", "print the transcript entries as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt sessions show 3f2a\n  localgpt sessions show 3f2a --json",
    )
    .action(async (idOrPrefix: string, opts: { json?: boolean }) => {
      const store = await openStore(ctx);
      const id = await store.resolve(idOrPrefix);
      const transcript = await store.read(id);
      const summary = (await store.list()).find((s) => s.sessionId === id);
      if (opts.json) {
        return printJson(ctx.output, {
          session: summary ? summaryJson(summary) : { id },
          header: transcript.header,
          entries: transcript.entries,
          warnings: transcript.warnings,
          truncated_tail: transcript.truncatedTail,
        });
      }
      ctx.output.out(await formatShow(id, transcript, summary, ctx.output));
    });
  sessions
    .command("delete <id>")
    .description("delete a session's transcript and index entry")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt sessions delete 3f2a")
    .action(async (idOrPrefix: string, opts: { json?: boolean }) => {
      const store = await openStore(ctx);
      const id = await store.resolve(idOrPrefix);
      await store.delete(id);
      if (opts.json) return printJson(ctx.output, { deleted: id });
      ctx.output.out(`Deleted session ${id}\n`);
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  }
  return n;
}

function summaryJson(s: SessionSummary) {
  return {
    id: s.sessionId,
    kind: s.kind ?? "chat",
    title: s.title ?? null,
    model: s.model ?? null,
    created_at: new Date(s.createdAt).toISOString(),
    updated_at: new Date(s.updatedAt).toISOString(),
    messages: s.messageCount,
    input_tokens: s.inputTokens,
    output_tokens: s.outputTokens,
    total_tokens: s.totalTokens,
    cost_usd: costUnknown(s) ? null : s.costUsd,
    unpriced_calls: s.unpricedCalls ?? 0,
    compactions: s.compactionCount,
    path: s.path,
  };
}

/** True when no reply of the session had a known price (its $0 would be wrong). */
function costUnknown(s: SessionSummary): boolean {
  const unpriced = s.unpricedCalls ?? 0;
  return unpriced > 0 && unpriced === s.calls;
}

/** `$0.0123`, `unknown`, or `$0.0123 (+2 unpriced)` when only some replies had a price. */
function costCell(s: SessionSummary): string {
  if (costUnknown(s)) return "unknown";
  const cost = `$${s.costUsd.toFixed(4)}`;
  return s.unpricedCalls ? `${cost} (+${s.unpricedCalls} unpriced)` : cost;
}

/** `YYYY-MM-DD HH:MM` in local time. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }`;
}

function formatList(list: SessionSummary[], output: Output, dir: string): string {
  if (list.length === 0) return `No sessions yet (${dir}).\n`;
  const s = styles(output);
  const rows = list.map((x) => [
    x.sessionId.slice(0, 8),
    x.kind ?? "chat",
    localTime(x.updatedAt),
    String(x.messageCount),
    String(x.totalTokens),
    costCell(x),
    x.model ?? "-",
    x.title ?? "(untitled)",
  ]);
  const head = ["ID", "KIND", "UPDATED", "MSGS", "TOKENS", "COST", "MODEL", "TITLE"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ") + "\n";
  return s.bold(line(head).trimEnd()) + "\n" + rows.map(line).join("");
}

const TOOL_RESULT_MAX = 400;

async function formatShow(
  id: string,
  transcript: ParsedTranscript,
  summary: SessionSummary | undefined,
  output: Output,
): Promise<string> {
  const { branchPath, messageText } = await import("../../agent/mod.ts");
  const s = styles(output);
  const out: string[] = [s.bold(`Session ${id}`) + (summary?.title ? `: ${summary.title}` : "")];
  const facts = [`started ${localTime(Date.parse(transcript.header.timestamp))}`];
  if (summary?.model) facts.push(`model ${summary.model}`);
  if (summary) facts.push(`${summary.totalTokens} tokens`, `cost ${costCell(summary)}`);
  out.push(s.dim(facts.join(" · ")));
  for (const w of transcript.warnings) out.push(s.yellow(`warning: ${w}`));
  if (transcript.truncatedTail) {
    out.push(s.yellow("warning: the last line was cut off (interrupted write); it is ignored"));
  }
  out.push("");
  for (const entry of branchPath(transcript.entries)) {
    const text = renderEntry(entry, messageText, s);
    if (text) out.push(text);
  }
  return out.join("\n") + "\n";
}

function renderEntry(
  entry: TranscriptEntry,
  messageText: typeof MessageText,
  s: ReturnType<typeof styles>,
): string | undefined {
  if (entry.type === "compaction") {
    return s.dim(`── compacted (${entry.tokensBefore} tokens): ${entry.summary.trim()} ──\n`);
  }
  if (entry.type === "model_change") {
    return s.dim(`── model: ${entry.provider}/${entry.modelId} ──\n`);
  }
  if (entry.type !== "message") return undefined;
  const m = entry.message;
  if (m.role === "user") return `${s.cyan("You:")} ${messageText(m.content)}\n`;
  if (m.role === "assistant") {
    const lines: string[] = [];
    const text = messageText(m.content);
    if (text) lines.push(`${s.green("Assistant:")} ${text}`);
    for (const part of m.content) {
      if (part.type === "toolCall") {
        lines.push(s.dim(`  [tool: ${part.name} ${JSON.stringify(part.arguments)}]`));
      }
    }
    if (m.stopReason === "error" || m.stopReason === "aborted") {
      lines.push(s.yellow(`  (${m.stopReason}${m.errorMessage ? `: ${m.errorMessage}` : ""})`));
    }
    return lines.join("\n") + "\n";
  }
  if (m.role === "toolResult") {
    let text = messageText(m.content);
    if (text.length > TOOL_RESULT_MAX) {
      text = `${text.slice(0, TOOL_RESULT_MAX)}… (${text.length} chars)`;
    }
    return s.dim(`  ${m.isError ? "error from" : "result of"} ${m.toolName}: ${text}`) + "\n";
  }
  if (!m.display) return undefined;
  return s.dim(`[${m.customType}] ${messageText(m.content)}`) + "\n";
}
