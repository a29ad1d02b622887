/** `localgpt memory search|reindex|stats|recent|show`. */
import { type Command, Option } from "commander";
import { UsageError } from "../../core/mod.ts";
import type {
  Memory,
  SearchMode,
  SearchSource,
  SyncProgress,
  SyncResult,
} from "../../memory/mod.ts";
import { parseNoteRef } from "../../memory/mod.ts";
import type { CliContext } from "../context.ts";
import { openMemory } from "../memory.ts";
import { aligned, printJson, snakeKeys, styles } from "../output.ts";
import { createProgress } from "../progress.ts";

const positiveInt = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`Invalid ${name} "${value}": expected a positive integer`);
  }
  return n;
};

const unitScore = (value: string): number => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`Invalid min-score "${value}": expected a number from 0 to 1`);
  }
  return n;
};

/** Adds `memory` and its subcommands. */
export function registerMemory(program: Command, ctx: CliContext): void {
  const memory = program
    .command("memory")
    .description("search and maintain the memory index of the workspace")
    .addHelpText(
      "after",
      `
Examples:
  localgpt memory search "what did we decide about the database"
  localgpt memory search feline --mode hybrid --json
  localgpt memory reindex
  localgpt memory stats
  localgpt memory recent --count 5
  localgpt memory show MEMORY.md:10-20`,
    );

  memory
    .command("search <query...>")
    .description("search memory by keyword and meaning")
    .option("-l, --limit <n>", "max results", positiveInt("limit"), 6)
    .addOption(
      new Option("-m, --mode <mode>", "search mode").choices(["hybrid", "keyword", "vector"])
        .default("hybrid"),
    )
    .option("--min-score <x>", "drop results below this score (0..1)", unitScore)
    .option("-s, --sessions", "search past conversations too (same as --source all)")
    .addOption(
      new Option("--source <source>", "what to search: memory files, session transcripts or both")
        .choices(["memory", "sessions", "all"]),
    )
    .option("--no-sync", "do not bring the index up to date first")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      '\nExamples:\n  localgpt memory search "my cat" --limit 3\n  localgpt memory search 会议 --json' +
        '\n  localgpt memory search "the trip" --sessions   (needs memory.index_sessions = true)',
    )
    .action(
      async (
        words: string[],
        opts: {
          limit: number;
          mode: SearchMode;
          minScore?: number;
          sessions?: boolean;
          source?: SearchSource;
          sync: boolean;
          json?: boolean;
        },
      ) => {
        await withMemory(ctx, async (mem) => {
          const source = opts.source ?? (opts.sessions ? "all" : "memory");
          if (source !== "memory" && !mem.options.sessions) {
            throw new UsageError(
              "Cannot search sessions: memory.index_sessions is false " +
                "(run: localgpt config set memory.index_sessions true)",
            );
          }
          if (opts.sync) {
            const status = await mem.status();
            // Search never downloads a model; vectors are computed only when the model is at hand.
            await runSync(ctx, mem, { embed: status.mode === "hybrid" });
          }
          const query = words.join(" ");
          const response = await mem.search(query, {
            limit: opts.limit,
            mode: opts.mode,
            minScore: opts.minScore,
            source,
          });
          if (opts.json) return printJson(ctx.output, { query, ...response });
          const s = styles(ctx.output);
          if (response.reason && opts.mode !== "keyword") {
            ctx.output.err(`note: keyword search only: ${response.reason}\n`);
          }
          if (!response.results.length) return ctx.output.out("No results.\n");
          for (const [i, r] of response.results.entries()) {
            ctx.output.out(
              `${i + 1}. ${s.cyan(`${r.path}:${r.start_line}-${r.end_line}`)}  ${
                r.score.toFixed(3)
              }\n`,
            );
            const preview = r.snippet.replace(/\s+/g, " ").trim();
            ctx.output.out(
              `   ${s.dim(preview.length > 240 ? preview.slice(0, 239) + "…" : preview)}\n`,
            );
          }
        });
      },
    );

  memory
    .command("reindex")
    .description("bring the index up to date (or rebuild it with --full)")
    .option("-f, --full", "re-read and re-chunk every file")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt memory reindex\n  localgpt memory reindex --full",
    )
    .action(async (opts: { full?: boolean; json?: boolean }) => {
      await withMemory(ctx, async (mem) => {
        const result = await runSync(ctx, mem, { full: opts.full, embed: true });
        if (opts.json) return printJson(ctx.output, snakeKeys(result));
        ctx.output.out(aligned([
          ["files scanned", String(result.scanned)],
          ["changed", String(result.changed)],
          ["removed", String(result.removed)],
          ["skipped", String(result.skipped)],
          ["chunks", String(result.chunks)],
          ...(result.sessions
            ? [[
              "sessions",
              `${result.sessions.scanned} (${result.sessions.changed} read, ${result.sessions.excluded} heartbeat left out)`,
            ] as [string, string]]
            : []),
          [
            "embedded",
            `${result.embedded} (${result.reused} from cache, ${result.pending} pending)`,
          ],
          ["time", `${(result.ms / 1000).toFixed(2)} s`],
        ], ""));
        if (result.embedError) ctx.output.err(`note: keyword search only: ${result.embedError}\n`);
      });
    });

  memory
    .command("stats")
    .description("files, chunks, vectors, model, search mode and index size")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  localgpt memory stats\n  localgpt memory stats --json")
    .action(async (opts: { json?: boolean }) => {
      await withMemory(ctx, async (mem) => {
        const st = await mem.stats();
        if (opts.json) return printJson(ctx.output, st);
        ctx.output.out(aligned([
          ["workspace", st.workspace],
          ["index", st.index],
          ["files", String(st.files)],
          ["chunks", String(st.chunks)],
          ["sessions", `${st.sessions} (${st.session_chunks} chunks)`],
          ["embedded chunks", String(st.embedded_chunks)],
          ["model", st.model ?? "none"],
          ["mode", st.reason ? `${st.mode} (${st.reason})` : st.mode],
          ["index size", `${(st.index_bytes / 1024).toFixed(1)} KiB`],
        ], ""));
      });
    });

  memory
    .command("recent")
    .description("recent daily notes (memory/YYYY-MM-DD.md), newest first")
    .option("-c, --count <n>", "how many", positiveInt("count"), 10)
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt memory recent\n  localgpt memory recent --count 3 --json",
    )
    .action(async (opts: { count: number; json?: boolean }) => {
      const mem = openMemory(await ctx.load(), { home: ctx.host.home });
      const notes = await mem.recent(opts.count);
      if (opts.json) return printJson(ctx.output, { notes: notes.map(snakeKeys) });
      if (!notes.length) return ctx.output.out("No daily notes yet.\n");
      ctx.output.out(aligned(notes.map((n) => [n.path, n.lastLine]), ""));
    });

  memory
    .command("show <ref>")
    .description("print a memory file, or lines of it: <path>[:from[-to]]")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  localgpt memory show MEMORY.md\n  localgpt memory show memory/2026-01-05.md:3-8",
    )
    .action(async (ref: string, opts: { json?: boolean }) => {
      const mem = openMemory(await ctx.load(), { home: ctx.host.home });
      let note;
      try {
        const { path, from, to } = parseNoteRef(ref);
        note = await mem.read(path, { from, to: to ?? (from !== undefined ? from : undefined) });
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(error.message);
        throw error;
      }
      if (note.from > Math.max(1, note.totalLines)) {
        throw new UsageError(
          `Cannot read "${ref}": line ${note.from} is past the end (${note.totalLines} lines)`,
        );
      }
      if (opts.json) {
        return printJson(ctx.output, {
          path: note.path,
          from: note.from,
          to: note.to,
          total_lines: note.totalLines,
          text: note.text,
        });
      }
      ctx.output.out(note.text ? `${note.text}\n` : "");
    });
}

async function withMemory(ctx: CliContext, fn: (mem: Memory) => Promise<void>): Promise<void> {
  const loaded = await ctx.load();
  const backend = loaded.config.memory.backend;
  if (backend !== "sqlite") {
    throw new UsageError(
      `Cannot use the memory index: memory.backend is "${backend}" (set it to "sqlite")`,
    );
  }
  const mem = openMemory(loaded, { home: ctx.host.home });
  try {
    await fn(mem);
  } finally {
    mem.close();
  }
}

async function runSync(
  ctx: CliContext,
  mem: Memory,
  options: { full?: boolean; embed: boolean },
): Promise<SyncResult> {
  const bar = createProgress(ctx.output);
  const labels: Record<SyncProgress["phase"], string> = {
    scan: "scanning",
    embed: "embedding",
    download: "downloading model",
  };
  try {
    const result = await mem.sync({
      ...options,
      onProgress: (p) =>
        bar.update(
          p.phase === "download" ? `${labels.download} ${p.file}` : labels[p.phase],
          p.phase === "download" ? p.loaded : p.done,
          p.total,
        ),
    });
    bar.end();
    for (const w of result.warnings) ctx.output.err(`warning: ${w}\n`);
    return result;
  } finally {
    bar.end();
  }
}
