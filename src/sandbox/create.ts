/** `createSandbox()`: picks the backend for the level the host can provide. */
import { detectCapabilities, resolveLevel, type SandboxCapabilities } from "./capabilities.ts";
import { buildPolicy, type SandboxSettings } from "./policy.ts";
import { commandEnv } from "./_env.ts";
import { createLandlockSandbox } from "./backends/landlock.ts";
import { createSeatbeltSandbox } from "./backends/seatbelt.ts";
import { createNoneSandbox } from "./backends/none.ts";
import type { Sandbox } from "./types.ts";

/** Input of `createSandbox()`. */
export interface CreateSandboxOptions {
  /** The `[sandbox]` config section. */
  settings: SandboxSettings;
  workspace: string;
  home: string;
  /** Absolute paths never made writable (device key, audit log). */
  protectedPaths?: string[];
  /** The program's environment; only an allow-list reaches commands. */
  vars?: Record<string, string | undefined>;
  /** Injected for tests; default: `detectCapabilities()`. */
  capabilities?: SandboxCapabilities;
  /** How to re-execute this program (Linux); default: derived from the running program. */
  selfCommand?: string[];
}

/** Creates the sandbox; throws ConfigError when the configured level is not available here. */
export async function createSandbox(options: CreateSandboxOptions): Promise<Sandbox> {
  const caps = options.capabilities ?? await detectCapabilities();
  const level = resolveLevel(options.settings.level, options.settings.enabled, caps);
  const policy = buildPolicy({
    settings: options.settings,
    level,
    workspace: options.workspace,
    home: options.home,
    protectedPaths: options.protectedPaths,
  });
  const defaultEnv = commandEnv(options.vars ?? {});
  if (level === "none") return createNoneSandbox(policy, defaultEnv);
  if (caps.os === "darwin") {
    return createSeatbeltSandbox(policy, { home: options.home, defaultEnv });
  }
  return createLandlockSandbox({
    policy,
    landlockAbi: caps.landlockAbi,
    userNamespace: level === "full",
    mountNamespaces: caps.mountNamespaces,
    defaultEnv,
    selfCommand: options.selfCommand,
  });
}
