/** Temp home helper: every test gets its own LOCALGPT_* dirs and never touches the real home. */
import { join } from "node:path";
import type { HostEnv } from "../../src/config/mod.ts";

/** A temporary home with LOCALGPT_* dirs pointing inside it. */
export interface TempHome extends AsyncDisposable {
  root: string;
  /** Env vars to pass to the program: LOCALGPT_*_DIR, HOME, TZ=UTC, NO_COLOR, PATH. */
  vars: Record<string, string>;
  /** The same as a HostEnv for in-process calls. */
  host: HostEnv;
  /** Path of `config.toml` in the temp config dir. */
  configFile: string;
  /** Writes `config.toml` (creating the config dir); returns its path. */
  writeConfig(text: string): Promise<string>;
}

/** Creates a temp home; dispose it (`await using`) to delete it. */
export async function createTempHome(extra: Record<string, string> = {}): Promise<TempHome> {
  const root = await Deno.makeTempDir({ prefix: "localgpt-test-" });
  const vars: Record<string, string> = {
    HOME: join(root, "home"),
    LOCALGPT_CONFIG_DIR: join(root, "config"),
    LOCALGPT_DATA_DIR: join(root, "data"),
    LOCALGPT_STATE_DIR: join(root, "state"),
    LOCALGPT_CACHE_DIR: join(root, "cache"),
    TZ: "UTC",
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ...extra,
  };
  await Deno.mkdir(vars.HOME, { recursive: true });
  const configFile = join(vars.LOCALGPT_CONFIG_DIR, "config.toml");
  return {
    root,
    vars,
    host: { vars, os: "linux", home: vars.HOME },
    configFile,
    async writeConfig(text: string) {
      await Deno.mkdir(vars.LOCALGPT_CONFIG_DIR, { recursive: true });
      await Deno.writeTextFile(configFile, text);
      return configFile;
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
  };
}
