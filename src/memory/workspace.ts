/** The markdown workspace on disk: creating it without ever overwriting the user's files. */
import { join } from "node:path";
import { WORKSPACE_DIRS, WORKSPACE_TEMPLATES } from "./_templates.ts";

/** What `ensureWorkspace()` did, as paths relative to the workspace. */
export interface EnsureWorkspaceResult {
  created: string[];
  existing: string[];
}

/** Creates the workspace folder, its subfolders and missing starter files; never overwrites. */
export async function ensureWorkspace(dir: string): Promise<EnsureWorkspaceResult> {
  const result: EnsureWorkspaceResult = { created: [], existing: [] };
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const sub of WORKSPACE_DIRS) {
    const path = join(dir, sub);
    const exists = await Deno.stat(path).then(() => true, () => false);
    await Deno.mkdir(path, { recursive: true, mode: 0o700 });
    (exists ? result.existing : result.created).push(`${sub}/`);
  }
  for (const [name, text] of Object.entries(WORKSPACE_TEMPLATES)) {
    try {
      // createNew fails if the file exists, so a concurrent writer can never be clobbered.
      await Deno.writeTextFile(join(dir, name), text, { createNew: true, mode: 0o600 });
      result.created.push(name);
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      result.existing.push(name);
    }
  }
  return result;
}

/** Names of the starter files `ensureWorkspace()` writes. */
export const WORKSPACE_FILES: readonly string[] = Object.keys(WORKSPACE_TEMPLATES);
