/** Which files the index covers: MEMORY.md, memory/, knowledge/ and `memory.paths`, minus excludes. */
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { globToRegExp, IgnoreRules } from "./glob.ts";

/** A folder (relative to the workspace, or absolute) and the glob of files to index in it. */
export interface MemoryPathSpec {
  path: string;
  pattern: string;
}

/** Options of `listMemoryFiles()`. */
export interface ListOptions {
  workspace: string;
  /** Extra folders; memory/ and knowledge/ are always indexed. */
  paths?: readonly MemoryPathSpec[];
  /** `.gitignore`-style patterns, on top of the workspace's own `.gitignore`. */
  exclude?: readonly string[];
}

/** One indexable file. */
export interface MemoryFile {
  /** Workspace-relative `/`-separated path (absolute when outside the workspace). */
  path: string;
  /** Absolute path. */
  abs: string;
  mtimeMs: number;
  size: number;
}

const BUILT_IN: MemoryPathSpec[] = [
  { path: "memory", pattern: "**/*.md" },
  { path: "knowledge", pattern: "**/*.md" },
];
const ROOT_FILES = ["MEMORY.md", "memory.md"];
const SKIPPED_DIRS = new Set([".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"]);

/** Lists the files to index, sorted by path; never follows a symlink out of its root. */
export async function listMemoryFiles(options: ListOptions): Promise<MemoryFile[]> {
  const workspace = resolve(options.workspace);
  const wsReal = await Deno.realPath(workspace).catch(() => null);
  if (!wsReal) return [];
  const rules = new IgnoreRules().add(options.exclude ?? []);
  const gitignore = await Deno.readTextFile(join(workspace, ".gitignore")).catch(() => "");
  rules.add(gitignore);
  const found = new Map<string, MemoryFile>();
  const folders = new Map<string, boolean>();
  const display = (abs: string) => {
    const rel = relativePath(workspace, abs);
    return rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
  };
  // Synchronous stats: a walk makes one per file, and the async ones cost several times more.
  const add = (abs: string) => {
    const path = display(abs);
    if (found.has(path) || (!isAbsolute(path) && rules.ignores(path, false, folders))) return;
    const stat = statOrNull(abs);
    if (stat?.isFile) {
      found.set(path, { path, abs, mtimeMs: stat.mtime?.getTime() ?? 0, size: stat.size });
    }
  };

  for (const name of ROOT_FILES) {
    const abs = join(workspace, name);
    const lst = await Deno.lstat(abs).catch(() => null);
    if (!lst) continue;
    if (lst.isSymlink && !within(await Deno.realPath(abs).catch(() => ""), wsReal)) continue;
    // On case-insensitive filesystems MEMORY.md and memory.md are one file.
    const real = await Deno.realPath(abs).catch(() => "");
    if ([...found.values()].some((f) => f.abs === real || f.abs === abs)) continue;
    add(abs);
  }
  for (const spec of [...BUILT_IN, ...(options.paths ?? [])]) {
    const root = resolve(workspace, spec.path);
    const rootReal = await Deno.realPath(root).catch(() => null);
    if (!rootReal) continue;
    // A configured folder outside the workspace is allowed; its symlinks must stay inside it.
    const fence = within(rootReal, wsReal) ? wsReal : rootReal;
    const match = globToRegExp(spec.pattern);
    for (const abs of walk(root, fence, new Set([rootReal]))) {
      const rel = relativePath(root, abs);
      if (match.test(rel)) add(abs);
    }
  }
  return [...found.values()].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

function* walk(dir: string, fence: string, seen: Set<string>): Generator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    // Names from readDir hold no separator: a plain concatenation is `join()` without its cost.
    const abs = dir.endsWith(sep) ? dir + entry.name : dir + sep + entry.name;
    let isDir = entry.isDirectory;
    let isFile = entry.isFile;
    if (entry.isSymlink) {
      const real = realPathOrNull(abs);
      if (!real || !within(real, fence)) continue;
      const stat = statOrNull(real);
      isDir = !!stat?.isDirectory;
      isFile = !!stat?.isFile;
      if (isDir) {
        if (seen.has(real)) continue;
        seen.add(real);
      }
    }
    if (isDir && !SKIPPED_DIRS.has(entry.name)) yield* walk(abs, fence, seen);
    else if (isFile) yield abs;
  }
}

/** `relative()` with `/` separators; a plain prefix cut for paths inside `root` (the common case). */
function relativePath(root: string, abs: string): string {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const rel = abs.startsWith(prefix) ? abs.slice(prefix.length) : relative(root, abs);
  return sep === "/" ? rel : rel.split(sep).join("/");
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch {
    return null;
  }
}

function realPathOrNull(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    return null;
  }
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
