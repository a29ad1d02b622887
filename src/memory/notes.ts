/** Reading memory files by line range, and listing recent daily notes. */
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** A line range of a memory file. */
export interface NoteText {
  /** Workspace-relative path. */
  path: string;
  /** 1-based first line returned. */
  from: number;
  /** 1-based last line returned (0 for an empty file). */
  to: number;
  totalLines: number;
  text: string;
}

/** Parses `path[:from[-to]]`, e.g. `MEMORY.md:10-20`. */
export function parseNoteRef(ref: string): { path: string; from?: number; to?: number } {
  const m = /^(.*?):(\d+)(?:-(\d+))?$/.exec(ref);
  if (!m) return { path: ref };
  const from = Number(m[2]);
  const to = m[3] ? Number(m[3]) : undefined;
  if (from < 1 || (to !== undefined && to < from)) {
    throw new RangeError(
      `Cannot read "${ref}": lines are numbered from 1 and a range runs forward`,
    );
  }
  return { path: m[1], from, to };
}

/**
 * Reads lines `from..to` (1-based, inclusive) of a markdown file inside the workspace or one of
 * `roots`. Throws for paths that resolve (through symlinks too) outside them or are not `.md`.
 */
export async function readNote(
  workspace: string,
  path: string,
  range: { from?: number; to?: number; roots?: readonly string[] } = {},
): Promise<NoteText> {
  const abs = resolve(workspace, path);
  if (extname(abs).toLowerCase() !== ".md") {
    throw new RangeError(`Cannot read "${path}": only markdown (.md) memory files can be read`);
  }
  const real = await Deno.realPath(abs).catch(() => {
    throw new Error(`Cannot read "${path}": no such file in the workspace`);
  });
  const allowed = [workspace, ...(range.roots ?? [])].map((r) => resolve(workspace, r));
  const realRoots = await Promise.all(allowed.map((r) => Deno.realPath(r).catch(() => r)));
  if (!realRoots.some((root) => real === root || real.startsWith(root + sep))) {
    throw new RangeError(`Cannot read "${path}": outside the workspace`);
  }
  const lines = (await Deno.readTextFile(real)).replace(/\r\n?/g, "\n").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const from = Math.max(1, range.from ?? 1);
  const to = Math.min(lines.length, range.to ?? lines.length);
  const rel = relative(workspace, abs);
  return {
    path: rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split(sep).join("/"),
    from,
    to: Math.max(to, 0),
    totalLines: lines.length,
    text: lines.slice(from - 1, Math.max(from - 1, to)).join("\n"),
  };
}

/** A daily note in `memory/`. */
export interface RecentNote {
  path: string;
  /** YYYY-MM-DD from the file name. */
  date: string;
  /** The last non-empty line, cut to 100 characters. */
  lastLine: string;
}

/** Daily notes `memory/YYYY-MM-DD.md`, newest first. */
export async function recentNotes(workspace: string, count = 10): Promise<RecentNote[]> {
  const dir = join(workspace, "memory");
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && /^\d{4}-\d{2}-\d{2}\.md$/.test(e.name)) names.push(e.name);
    }
  } catch {
    return [];
  }
  names.sort().reverse();
  const out: RecentNote[] = [];
  for (const name of names.slice(0, Math.max(0, count))) {
    const text = await Deno.readTextFile(join(dir, name)).catch(() => "");
    const last = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).pop() ?? "";
    out.push({
      path: `memory/${name}`,
      date: name.slice(0, 10),
      lastLine: [...last].slice(0, 100).join(""),
    });
  }
  return out;
}
