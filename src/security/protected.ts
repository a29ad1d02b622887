/**
 * Protected files: the write guard of the file tools. Resolves `..`, symlinks (also dangling
 * ones and links in parent dirs), hard links and case variants before comparing.
 */
import { basename, dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { SandboxDeniedError } from "../core/mod.ts";
import { appendAudit } from "./audit.ts";
import { sha256Hex } from "./_hash.ts";
import {
  CREDENTIAL_DIRS,
  PROTECTED_STATE_FILES,
  PROTECTED_WORKSPACE_FILES,
  within,
} from "../sandbox/mod.ts";

/** Where the protected files live. */
export interface ProtectedContext {
  workspace: string;
  deviceKey: string;
  auditLog: string;
  /** Credential dirs under it are refused too. */
  home?: string;
  /** Compare directory paths case-insensitively (default: true on macOS and Windows). */
  caseInsensitive?: boolean;
}

/** A refused write: which rule and why. */
export interface WriteRefusal {
  kind: "protected_file" | "credential_path";
  path: string;
  reason: string;
}

const PROTECTED_NAMES = new Set(PROTECTED_WORKSPACE_FILES.map((n) => n.toLowerCase()));
const STATE_NAMES = new Set(PROTECTED_STATE_FILES.map((n) => n.toLowerCase()));

/** Returns why writing `target` must be refused, or undefined when it may be written. */
export async function checkWriteTarget(
  target: string,
  ctx: ProtectedContext,
): Promise<WriteRefusal | undefined> {
  const lexical = normalize(isAbsolute(target) ? target : join(ctx.workspace, target));
  const real = await resolveForWrite(lexical);
  const workspaces = [normalize(ctx.workspace), await realOr(ctx.workspace)];
  const fold = ctx.caseInsensitive ?? Deno.build.os !== "linux";
  const same = (a: string, b: string) => fold ? a.toLowerCase() === b.toLowerCase() : a === b;
  for (const path of new Set([lexical, real])) {
    const name = basename(path).toLowerCase();
    if (PROTECTED_NAMES.has(name) && workspaces.some((w) => same(dirname(path), w))) {
      return { kind: "protected_file", path: target, reason: `"${basename(path)}" is protected` };
    }
    if (STATE_NAMES.has(name) || [ctx.deviceKey, ctx.auditLog].some((p) => same(path, p))) {
      return { kind: "protected_file", path: target, reason: `"${basename(path)}" is protected` };
    }
    if (ctx.home) {
      const dir = CREDENTIAL_DIRS.map((d) => join(ctx.home!, d)).find((d) =>
        fold ? within(path.toLowerCase(), d.toLowerCase()) : within(path, d)
      );
      if (dir) {
        return { kind: "credential_path", path: target, reason: `"${dir}" holds credentials` };
      }
    }
  }
  if (await isHardLinkToProtected(real, workspaces[1])) {
    return { kind: "protected_file", path: target, reason: "a hard link to a protected file" };
  }
  return undefined;
}

/** Returns why reading `target` must be refused (credential dirs, the device key), or undefined. */
export async function checkReadTarget(
  target: string,
  ctx: ProtectedContext,
): Promise<WriteRefusal | undefined> {
  const lexical = normalize(isAbsolute(target) ? target : join(ctx.workspace, target));
  const fold = ctx.caseInsensitive ?? Deno.build.os !== "linux";
  for (const path of new Set([lexical, await resolveForWrite(lexical)])) {
    const p = fold ? path.toLowerCase() : path;
    const key = fold ? ctx.deviceKey.toLowerCase() : ctx.deviceKey;
    if (p === key || basename(p).toLowerCase() === "localgpt.device.key") {
      return { kind: "protected_file", path: target, reason: "the device key is never readable" };
    }
    if (ctx.home) {
      const dir = CREDENTIAL_DIRS.map((d) => join(ctx.home!, d)).find((d) =>
        within(p, fold ? d.toLowerCase() : d)
      );
      if (dir) {
        return { kind: "credential_path", path: target, reason: `"${dir}" holds credentials` };
      }
    }
  }
  return undefined;
}

/**
 * The one call for file tools: checks `target` for `mode`, and on refusal writes a
 * `write_blocked` (protected file) or `path_denied` (credential path) audit entry and throws
 * SandboxDeniedError.
 */
export async function guardPath(
  target: string,
  ctx: ProtectedContext & { auditLog: string },
  options: { mode: "read" | "write"; source: string },
): Promise<void> {
  const refusal = options.mode === "write"
    ? await checkWriteTarget(target, ctx)
    : await checkReadTarget(target, ctx);
  if (!refusal) return;
  await appendAudit(ctx.auditLog, {
    action: refusal.kind === "protected_file" ? "write_blocked" : "path_denied",
    source: options.source,
    contentSha256: await sha256Hex(target),
    detail: `${options.mode} ${target}: ${refusal.reason}`,
  });
  throw new SandboxDeniedError(`Cannot ${options.mode} "${target}": ${refusal.reason}`);
}

/** True when a bash command mentions a protected file name (the reference's heuristic). */
export function mentionsProtectedFile(command: string): string[] {
  const lower = command.toLowerCase();
  return [...PROTECTED_WORKSPACE_FILES, ...PROTECTED_STATE_FILES].filter((n) =>
    lower.includes(n.toLowerCase())
  );
}

/**
 * The path a write would reach: follows symlinks (including dangling ones, whose target the write
 * would create) component by component; missing tail components are kept as they are.
 */
export async function resolveForWrite(path: string, hops = 0): Promise<string> {
  if (hops > 40) return path;
  try {
    return await Deno.realPath(path);
  } catch {
    // Missing or dangling: handled below.
  }
  try {
    const info = await Deno.lstat(path);
    if (info.isSymlink) {
      const target = await Deno.readLink(path);
      return resolveForWrite(resolve(dirname(path), target), hops + 1);
    }
  } catch {
    // Does not exist at all.
  }
  const parent = dirname(path);
  if (parent === path) return path;
  return join(await resolveForWrite(parent, hops + 1), basename(path));
}

async function realOr(path: string): Promise<string> {
  return await Deno.realPath(path).catch(() => normalize(path));
}

async function isHardLinkToProtected(path: string, workspace: string): Promise<boolean> {
  const info = await Deno.stat(path).catch(() => undefined);
  if (!info?.isFile || (info.nlink ?? 1) < 2 || info.ino === null) return false;
  for (const name of PROTECTED_WORKSPACE_FILES) {
    const other = await Deno.stat(join(workspace, name)).catch(() => undefined);
    if (other && other.ino === info.ino && other.dev === info.dev) return true;
  }
  return false;
}

/** The protected file names, by where they live. */
export const PROTECTED_FILE_NAMES = {
  workspace: PROTECTED_WORKSPACE_FILES,
  state: PROTECTED_STATE_FILES,
} as const;
