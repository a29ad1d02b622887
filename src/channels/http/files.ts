/** Workspace confinement for the file endpoints: every path resolves (symlinks too) inside it. */
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { guardPath, type ProtectedContext } from "../../security/mod.ts";
import { HttpError } from "./_errors.ts";

/** Largest file the API reads or writes. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** One entry of a workspace folder listing. */
export interface FileEntry {
  name: string;
  /** Workspace-relative, `/`-separated. */
  path: string;
  type: "file" | "dir";
  size: number;
}

type Files = ProtectedContext & { auditLog: string };

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The absolute path of workspace-relative `rel`, refused (403) when it or the existing part of it
 * resolves outside the workspace, and refused by the security module's read/write guard.
 */
export async function confine(files: Files, rel: string, mode: "read" | "write"): Promise<string> {
  if (rel.includes("\0") || isAbsolute(rel)) {
    throw new HttpError(403, `Cannot access "${rel}": outside the workspace`);
  }
  const root = await Deno.realPath(files.workspace).catch(() => resolve(files.workspace));
  const lexical = resolve(root, rel);
  if (!within(root, lexical)) {
    throw new HttpError(403, `Cannot access "${rel}": outside the workspace`);
  }
  let existing = lexical;
  for (;;) {
    const real = await Deno.realPath(existing).catch(() => undefined);
    if (real !== undefined) {
      if (!within(root, real)) {
        throw new HttpError(403, `Cannot access "${rel}": outside the workspace`);
      }
      break;
    }
    const parent = resolve(existing, "..");
    if (parent === existing) break;
    existing = parent;
  }
  await guardPath(lexical, { ...files, workspace: root }, { mode, source: "http" });
  return lexical;
}

/** Lists a workspace folder (hidden entries skipped), folders first. */
export async function listFolder(files: Files, rel: string): Promise<FileEntry[]> {
  const abs = await confine(files, rel, "read");
  const root = await Deno.realPath(files.workspace).catch(() => files.workspace);
  const out: FileEntry[] = [];
  try {
    for await (const e of Deno.readDir(abs)) {
      if (e.name.startsWith(".")) continue;
      const full = join(abs, e.name);
      const info = await Deno.stat(full).catch(() => undefined);
      if (!info) continue;
      out.push({
        name: e.name,
        path: relative(root, full).split(sep).join("/"),
        type: info.isDirectory ? "dir" : "file",
        size: info.isDirectory ? 0 : info.size,
      });
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new HttpError(404, `Cannot list "${rel}": no such folder`);
    }
    if (error instanceof Deno.errors.NotADirectory) {
      throw new HttpError(400, `Cannot list "${rel}": not a folder`);
    }
    throw error;
  }
  return out.sort((a, b) =>
    a.type === b.type ? a.name.localeCompare(b.name) : a.type === "dir" ? -1 : 1
  );
}

/** Reads lines `from..to` (1-based) of a workspace text file. */
export async function readFileLines(
  files: Files,
  rel: string,
  range: { from?: number; to?: number },
): Promise<{ path: string; from: number; to: number; total_lines: number; text: string }> {
  const abs = await confine(files, rel, "read");
  const info = await Deno.stat(abs).catch(() => undefined);
  if (!info?.isFile) throw new HttpError(404, `Cannot read "${rel}": no such file`);
  if (info.size > MAX_FILE_BYTES) throw new HttpError(413, `Cannot read "${rel}": file too large`);
  const lines = (await Deno.readTextFile(abs)).replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const from = Math.max(1, range.from ?? 1);
  const to = Math.min(lines.length, range.to ?? lines.length);
  return {
    path: rel,
    from,
    to,
    total_lines: lines.length,
    text: lines.slice(from - 1, Math.max(from - 1, to)).join("\n"),
  };
}

/** Writes a markdown file of the workspace (creating folders); only `.md` files may be written. */
export async function writeMarkdown(files: Files, rel: string, content: string): Promise<void> {
  if (extname(rel).toLowerCase() !== ".md") {
    throw new HttpError(400, `Cannot write "${rel}": only markdown (.md) files can be edited`);
  }
  if (new TextEncoder().encode(content).length > MAX_FILE_BYTES) {
    throw new HttpError(413, `Cannot write "${rel}": content too large`);
  }
  const abs = await confine(files, rel, "write");
  await Deno.mkdir(resolve(abs, ".."), { recursive: true });
  await Deno.writeTextFile(abs, content);
}
