/** Reads the workspace files injected into the system prompt, guarded to stay inside the workspace. */
import { join, relative, resolve, sep } from "node:path";
import type { ContextFile } from "./context_budget.ts";

/** Largest workspace file read for the prompt (OpenClaw: 2 MiB); bigger files are skipped. */
export const MAX_CONTEXT_FILE_BYTES = 2 * 1024 * 1024;

/** A file that was expected but not injected, and why (missing files are not listed). */
export interface SkippedContextFile {
  name: string;
  reason: string;
}

/** The loaded files in prompt order plus the ones skipped by the guard. */
export interface WorkspaceContext {
  files: ContextFile[];
  skipped: SkippedContextFile[];
}

/** Options for `loadWorkspaceContext()`. */
export interface WorkspaceContextOptions {
  /** Today, for the daily notes (default: now). */
  now?: Date;
  /** IANA time zone the daily notes are dated in (default: the process's). */
  timeZone?: string;
}

/** The files, in prompt order: IDENTITY, USER, SOUL, AGENTS, TOOLS, MEMORY, today, yesterday, HEARTBEAT. */
export function contextFileList(now: Date, timeZone?: string): { name: string; label: string }[] {
  const [today, yesterday] = dailyNoteDates(now, timeZone);
  return [
    { name: "IDENTITY.md", label: "Identity" },
    { name: "USER.md", label: "User" },
    { name: "SOUL.md", label: "Soul" },
    { name: "AGENTS.md", label: "Agent Instructions" },
    { name: "TOOLS.md", label: "Tool Notes" },
    { name: "MEMORY.md", label: "Long-term Memory" },
    { name: `memory/${today}.md`, label: `Daily Log ${today} (today)` },
    { name: `memory/${yesterday}.md`, label: `Daily Log ${yesterday} (yesterday)` },
    { name: "HEARTBEAT.md", label: "Heartbeat Checklist" },
  ];
}

/** Today's and yesterday's dates (`YYYY-MM-DD`) in `timeZone`. */
export function dailyNoteDates(now: Date, timeZone?: string): [string, string] {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const today = Date.UTC(get("year"), get("month") - 1, get("day"));
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return [iso(today), iso(today - 86_400_000)];
}

/**
 * Reads the context files that exist. A file is skipped (with the reason) when it resolves
 * outside the workspace (e.g. a symlink), is not a regular file, or exceeds 2 MiB.
 */
export async function loadWorkspaceContext(
  workspace: string,
  options: WorkspaceContextOptions = {},
): Promise<WorkspaceContext> {
  const files: ContextFile[] = [];
  const skipped: SkippedContextFile[] = [];
  let root: string;
  try {
    root = await Deno.realPath(workspace);
  } catch {
    return { files, skipped };
  }
  for (const { name, label } of contextFileList(options.now ?? new Date(), options.timeZone)) {
    const result = await readGuarded(root, resolve(workspace, name));
    if (result === undefined) continue;
    if (typeof result === "object") skipped.push({ name, reason: result.reason });
    else files.push({ name, label, content: result });
  }
  return { files, skipped };
}

async function readGuarded(
  root: string,
  path: string,
): Promise<string | { reason: string } | undefined> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch {
    return undefined;
  }
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || rel.startsWith(sep) || resolve(root, rel) !== real) {
    return { reason: `resolves outside the workspace (${real})` };
  }
  const file = await Deno.open(join(root, rel), { read: true });
  try {
    const info = await file.stat();
    if (!info.isFile) return { reason: "not a regular file" };
    if (info.size > MAX_CONTEXT_FILE_BYTES) {
      return { reason: `${info.size} bytes is over the ${MAX_CONTEXT_FILE_BYTES}-byte limit` };
    }
    const bytes = new Uint8Array(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = await file.read(bytes.subarray(read));
      if (n === null) break;
      read += n;
    }
    return new TextDecoder().decode(bytes.subarray(0, read));
  } finally {
    file.close();
  }
}
