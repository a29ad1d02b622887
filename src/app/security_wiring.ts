/** Builds the sandbox and the security context from the loaded config (composition only). */
import type { LoadedConfig } from "../config/mod.ts";
import { createSandbox, type Sandbox, type SandboxCapabilities } from "../sandbox/mod.ts";
import type { ProtectedContext } from "../security/mod.ts";

/** The sandbox for shell commands, as configured. Throws ConfigError for an unavailable level. */
export function sandboxFromConfig(
  loaded: LoadedConfig,
  home: string,
  capabilities?: SandboxCapabilities,
): Promise<Sandbox> {
  return createSandbox({
    settings: loaded.config.sandbox,
    workspace: loaded.paths.workspace,
    home,
    protectedPaths: [loaded.paths.deviceKey, loaded.paths.auditLog],
    vars: loaded.vars,
    capabilities,
  });
}

/** Where the protected files are, for the file tools' write guard. */
export function protectedContext(loaded: LoadedConfig, home: string): ProtectedContext {
  return {
    workspace: loaded.paths.workspace,
    deviceKey: loaded.paths.deviceKey,
    auditLog: loaded.paths.auditLog,
    home,
  };
}
