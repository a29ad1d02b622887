/** Path rules shared by the file tools: resolve, stay inside the allowed roots, guard protected files. */
import { isAbsolute, join, normalize, resolve, sep } from "node:path";
import { guardPath, type ProtectedContext, resolveForWrite } from "../security/mod.ts";

/** Where the file tools may go and what they protect. */
export interface FileToolsOptions {
  /** The workspace: relative paths resolve against it. */
  workspace: string;
  /** Extra roots the tools may touch (config `security.allowed_directories`). */
  allowedDirectories?: readonly string[];
  /** Protected files, credential dirs and the audit log for refusals. */
  protect: ProtectedContext;
}

/**
 * Resolves `path` (relative to the workspace, `~` expanded), follows symlinks, and checks that
 * the real target is inside the workspace or an allowed directory and is not protected.
 * Returns the real path to use; throws (SandboxDeniedError or RangeError) otherwise.
 */
export async function resolveToolPath(
  path: string,
  options: FileToolsOptions,
  mode: "read" | "write",
  tool: string,
): Promise<string> {
  if (path.includes("\0")) throw new RangeError(`Cannot ${mode} "${path}": NUL byte in path`);
  const home = options.protect.home;
  const expanded = home && (path === "~" || path.startsWith("~/"))
    ? join(home, path.slice(1))
    : path;
  const lexical = normalize(isAbsolute(expanded) ? expanded : join(options.workspace, expanded));
  const real = await resolveForWrite(lexical);
  const roots = [options.workspace, ...(options.allowedDirectories ?? [])].map((r) =>
    resolve(options.workspace, home && r.startsWith("~/") ? join(home, r.slice(2)) : r)
  );
  const realRoots = await Promise.all(roots.map((r) => Deno.realPath(r).catch(() => r)));
  if (
    !realRoots.some((root) =>
      real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)
    )
  ) {
    const via = real === lexical ? "" : ` (resolves to "${real}")`;
    throw new RangeError(
      `Cannot ${mode} "${path}": outside the workspace${via}; allowed: ${roots.join(", ")}`,
    );
  }
  await guardPath(lexical, options.protect, { mode, source: `tool:${tool}` });
  if (real !== lexical) await guardPath(real, options.protect, { mode, source: `tool:${tool}` });
  return real;
}
