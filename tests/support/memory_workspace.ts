/** A temp workspace plus index for memory tests. */
import { dirname, join } from "node:path";
import { createTempHome, type TempHome } from "./home.ts";

/** A temp home with a workspace folder and index path; write notes with `write()`. */
export interface TempWorkspace extends TempHome {
  workspace: string;
  indexPath: string;
  nativeDir: string;
  /** Writes a workspace-relative file, creating folders. */
  write(path: string, text: string | Uint8Array): Promise<void>;
}

/** Creates a temp workspace (with memory/ and knowledge/); dispose it with `await using`. */
export async function createTempWorkspace(): Promise<TempWorkspace> {
  const home = await createTempHome();
  const workspace = join(home.root, "data", "workspace");
  await Deno.mkdir(join(workspace, "memory"), { recursive: true });
  await Deno.mkdir(join(workspace, "knowledge"), { recursive: true });
  return {
    ...home,
    workspace,
    indexPath: join(home.root, "cache", "memory", "main.sqlite"),
    // One shared native folder keeps tests from copying sqlite-vec into every temp home.
    nativeDir: join(Deno.env.get("TMPDIR") ?? "/tmp", "localgpt-test-native"),
    async write(path, text) {
      const abs = join(workspace, path);
      await Deno.mkdir(dirname(abs), { recursive: true });
      if (typeof text === "string") await Deno.writeTextFile(abs, text);
      else await Deno.writeFile(abs, text);
    },
    [Symbol.asyncDispose]: home[Symbol.asyncDispose],
  };
}
