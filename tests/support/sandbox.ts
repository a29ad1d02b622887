/** A workspace, a fake HOME with planted secrets, and a real sandbox over them. */
import { join } from "node:path";
import {
  createSandbox,
  type Sandbox,
  type SandboxCapabilities,
  type SandboxLevel,
  type SandboxSettings,
} from "../../src/sandbox/mod.ts";
import type { TempHome } from "./home.ts";

/** The secret token planted in every credential file (must never appear in sandbox output). */
export const SECRET = "PLANTED-SECRET-7f3a9c";

/** Default `[sandbox]` settings for tests (short timeout). */
export function sandboxSettings(overrides: Partial<SandboxSettings> = {}): SandboxSettings {
  return {
    enabled: true,
    level: "standard",
    timeout_secs: 20,
    max_output_bytes: 1_048_576,
    max_file_size_bytes: 52_428_800,
    max_processes: 64,
    allow_paths: { read: [], write: [] },
    network: { policy: "deny" },
    ...overrides,
  };
}

/** Paths of a sandbox fixture. */
export interface SandboxFixture {
  sandbox: Sandbox;
  workspace: string;
  home: string;
  dataDir: string;
  stateDir: string;
  /** Planted credential files (absolute). */
  secrets: string[];
}

/** Plants `.ssh/id_rsa`, `.aws/credentials` and `.netrc` in HOME and builds the workspace. */
export async function createSandboxFixture(
  home: TempHome,
  level: SandboxLevel,
  overrides: Partial<SandboxSettings> = {},
  options: { capabilities?: SandboxCapabilities } = {},
): Promise<SandboxFixture> {
  const h = home.vars.HOME;
  const secrets = [join(h, ".ssh", "id_rsa"), join(h, ".aws", "credentials"), join(h, ".netrc")];
  for (const file of secrets) {
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, `${SECRET}\n`, { mode: 0o600 });
  }
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(workspace, "memory"), { recursive: true });
  await Deno.writeTextFile(join(workspace, "LocalGPT.md"), "# Policy\nBe careful.\n");
  await Deno.writeTextFile(join(workspace, "IDENTITY.md"), "# Identity\n");
  await Deno.writeTextFile(join(workspace, "MEMORY.md"), "# Memory\n");
  await Deno.writeTextFile(join(workspace, "memory", "notes.md"), "public notes\n");
  await Deno.mkdir(home.vars.LOCALGPT_STATE_DIR, { recursive: true });
  await Deno.writeTextFile(
    join(home.vars.LOCALGPT_DATA_DIR, "localgpt.device.key"),
    "k".repeat(32),
  );
  const sandbox = await createSandbox({
    settings: sandboxSettings({ level, ...overrides }),
    workspace,
    home: h,
    protectedPaths: [
      join(home.vars.LOCALGPT_DATA_DIR, "localgpt.device.key"),
      join(home.vars.LOCALGPT_STATE_DIR, "localgpt.audit.jsonl"),
    ],
    vars: { ...home.vars, PATH: "/usr/bin:/bin" },
    capabilities: options.capabilities,
  });
  return {
    sandbox,
    workspace,
    home: h,
    dataDir: home.vars.LOCALGPT_DATA_DIR,
    stateDir: home.vars.LOCALGPT_STATE_DIR,
    secrets,
  };
}

/** A TCP listener on 127.0.0.1 that counts accepted connections. */
export function countingListener(): {
  port: number;
  accepted: () => number;
  close(): Promise<void>;
} {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let accepted = 0;
  const loop = (async () => {
    for await (const conn of listener) {
      accepted++;
      conn.close();
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    accepted: () => accepted,
    async close() {
      listener.close();
      await loop;
    },
  };
}

/**
 * Command lines of live processes (via `ps`, since Deno refuses /proc without -A). Zombies are
 * left out: killed orphans wait for PID 1 to reap them but no longer run.
 */
export async function processList(): Promise<string[]> {
  const out = await new Deno.Command("ps", { args: ["-eo", "stat=,args="], stdout: "piped" })
    .output();
  return new TextDecoder().decode(out.stdout).split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("Z"))
    .map((line) => line.replace(/^\S+\s+/, ""));
}
