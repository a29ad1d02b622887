/** `memory_save`: appends a dated entry to today's daily note or to MEMORY.md. */
import { dirname, join } from "node:path";
import { defineTool, type Tool } from "./tool.ts";

/** Options of `createMemorySaveTool()`. */
export interface MemorySaveOptions {
  workspace: string;
  /** Clock (default: now). */
  now?: () => Date;
  /** IANA zone the daily note is dated in (default: the process's). */
  timeZone?: string;
}

/** `YYYY-MM-DD` and `HH:MM` of `now` in `timeZone`. */
export function localDateTime(now: Date, timeZone?: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    time: `${get("hour")}:${get("minute")}`,
  };
}

/** Creates the `memory_save` tool. */
export function createMemorySaveTool(options: MemorySaveOptions): Tool {
  return defineTool<{ content: string; target?: "daily" | "memory" }>({
    name: "memory_save",
    description: "Save a durable note: appends a dated entry to today's daily note " +
      "(memory/YYYY-MM-DD.md, default) or to MEMORY.md (target=memory, for curated long-term facts).",
    parameters: {
      type: "object",
      properties: {
        content: { type: "string", minLength: 1, description: "what to remember (markdown)" },
        target: { type: "string", enum: ["daily", "memory"], description: "default daily" },
      },
      required: ["content"],
      additionalProperties: false,
    },
    detail: (a) => a.content,
    async run({ content, target = "daily" }) {
      const { date, time } = localDateTime(options.now?.() ?? new Date(), options.timeZone);
      const rel = target === "memory" ? "MEMORY.md" : `memory/${date}.md`;
      const path = join(options.workspace, rel);
      await Deno.mkdir(dirname(path), { recursive: true });
      const info = await Deno.lstat(path).catch(() => undefined);
      if (info?.isSymlink) throw new Error(`Cannot save to "${rel}": it is a symlink`);
      const existing = info ? await Deno.readTextFile(path) : "";
      const sep = existing.endsWith("\n") ? "" : "\n";
      const head = !existing
        ? (target === "memory" ? "# Long-term Memory\n\n" : `# ${date}\n\n`)
        : target === "memory"
        ? sep
        : sep + "\n";
      const entry = target === "memory"
        ? `- ${date}: ${content.trim()}\n`
        : `## ${time}\n\n${content.trim()}\n`;
      await Deno.writeTextFile(path, head + entry, { append: true });
      return `Saved to ${rel}`;
    },
  });
}
