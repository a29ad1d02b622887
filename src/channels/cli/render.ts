/** Renders session events in the terminal: streamed text, tool activity lines, warnings. */
import type { SessionEvent } from "../../agent/mod.ts";

/** ANSI styles; identity functions when colours are off. */
export interface Styles {
  dim(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
}

/** Styles for `color`. */
export function makeStyles(color: boolean): Styles {
  const wrap = (code: string) => (s: string) => color ? `\x1b[${code}m${s}\x1b[0m` : s;
  return { bold: wrap("1"), dim: wrap("2"), red: wrap("31"), yellow: wrap("33"), cyan: wrap("36") };
}

/** A listener that prints a turn as it happens; `ended()` tells whether a newline is pending. */
export function createRenderer(
  write: (text: string) => void,
  s: Styles,
  options: { toolLines?: "chat" | "ask"; warn?: (text: string) => void } = {},
): (event: SessionEvent) => void {
  let atLineStart = true;
  const out = (text: string) => {
    if (!text) return;
    write(text);
    atLineStart = text.endsWith("\n");
  };
  const line = (text: string, to = out) => {
    if (!atLineStart) out("\n");
    to(text + "\n");
  };
  const warn = options.warn ?? ((t: string) => line(t));
  return (event) => {
    switch (event.type) {
      case "text_delta":
        out(event.text);
        break;
      case "tool_start":
        if (options.toolLines === "ask") {
          line(
            s.dim(`> Running tool: ${event.name}${event.detail ? ` (${event.detail})` : ""} ...`),
            warn,
          );
        } else line(s.dim(`[${event.name}${event.detail ? `: ${event.detail}` : ""}]`));
        break;
      case "tool_end":
        if (event.isError) {
          const first = event.output.split("\n").find((l) => l.trim()) ?? "";
          line(
            s.yellow(`  ${event.name} failed: ${first.replace(/^Error: /, "").slice(0, 200)}`),
            warn,
          );
        } else if (event.native) {
          for (const link of searchLinks(event.output)) {
            line(s.dim(`  ${link.title} — ${link.url}`));
          }
        } else if (options.toolLines === "ask") line(s.dim("  Done."), warn);
        break;
      case "citations":
        line(s.dim("Sources:"));
        event.citations.forEach((c, i) => line(s.dim(`  [${i + 1}] ${c.title} — ${c.url}`)));
        break;
      case "warning":
        line(s.yellow(`warning: ${event.message}`), warn);
        break;
      case "error":
        line(s.red(`error: ${event.message}`), warn);
        break;
      case "compaction":
        line(s.dim(`[compacted: tokens ${event.tokensBefore} → ${event.tokensAfter}]`));
        break;
      case "done":
        if (event.stopReason === "aborted") line(s.yellow("[aborted]"));
        if (!atLineStart) out("\n");
        break;
    }
  };
}

/** The numbered hits of a web_search output (`1. **Title**` then an indented URL line). */
export function searchLinks(output: string): { title: string; url: string }[] {
  const links: { title: string; url: string }[] = [];
  const lines = output.split("\n");
  lines.forEach((l, i) => {
    const title = /^\d+\. \*\*(.*)\*\*$/.exec(l)?.[1];
    const url = /^\s+(https?:\/\/\S+)$/.exec(lines[i + 1] ?? "")?.[1];
    if (title !== undefined && url) links.push({ title, url });
  });
  return links;
}
