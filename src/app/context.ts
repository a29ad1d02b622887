/** What every command gets: output, global flags, the host environment and the config (loaded once). */
import { type HostEnv, loadConfig, type LoadedConfig } from "../config/mod.ts";
import { checkCronSchedules } from "./background_config.ts";
import type { Output } from "./output.ts";

/** Global flags shared by all commands. */
export interface GlobalOptions {
  config?: string;
  agent?: string;
  profile?: string;
  verbose?: boolean;
}

/** The per-invocation context handed to command actions. */
export interface CliContext {
  output: Output;
  host: HostEnv;
  globals(): GlobalOptions;
  /** Loads the config on first call; throws `ConfigError`. */
  load(): Promise<LoadedConfig>;
  /** The process exit code a command wants (e.g. 1 when a doctor check failed). */
  exitCode: number;
}

/** Creates the context; `globals` is read lazily because commander parses flags after setup. */
export function createCliContext(
  output: Output,
  host: HostEnv,
  globals: () => GlobalOptions,
): CliContext {
  let loaded: Promise<LoadedConfig> | undefined;
  return {
    output,
    host,
    globals,
    exitCode: 0,
    load() {
      loaded ??= loadAndReport(output, host, globals());
      return loaded;
    },
  };
}

async function loadAndReport(
  output: Output,
  host: HostEnv,
  g: GlobalOptions,
): Promise<LoadedConfig> {
  const loaded = await loadConfig({
    host,
    configFile: g.config,
    profile: g.profile,
    agent: g.agent,
  });
  await checkCronSchedules(loaded);
  for (const warning of loaded.warnings) output.err(`warning: ${warning}\n`);
  if (g.verbose) {
    const state = loaded.configExists ? "" : " (not found: defaults)";
    output.err(`debug: config ${loaded.paths.configFile}${state}\n`);
    output.err(`debug: profile "${loaded.profile || "default"}", agent "${loaded.agent}"\n`);
    output.err(`debug: workspace ${loaded.paths.workspace}\n`);
  }
  return loaded;
}
