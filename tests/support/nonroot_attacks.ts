/**
 * Run by tests/sandbox/escape_nonroot_test.ts as an ordinary user (setpriv): builds a sandbox
 * fixture for the level in argv[0], runs root operations and every protected-file attack, and
 * prints the outcome as JSON.
 */
import { join } from "node:path";
import { createSandboxFixture } from "./sandbox.ts";
import { createTempHome } from "./home.ts";
import { runProtectedAttacks } from "./protected_attacks.ts";
import { detectCapabilities, type SandboxLevel } from "../../src/sandbox/mod.ts";

const level = (Deno.args[0] ?? "standard") as SandboxLevel;
await using home = await createTempHome();
const fx = await createSandboxFixture(home, level);
await Deno.writeTextFile(join(fx.workspace, "other"), "other\n");
const rootOps = await fx.sandbox.exec(
  "echo x > notes.txt && mv notes.txt kept.txt && echo y > gone.txt && rm gone.txt && id -u",
);
const failures = await runProtectedAttacks(fx.sandbox, fx.workspace, {
  existing: ["LocalGPT.md", "IDENTITY.md"],
  absent: [".localgpt_manifest.json"],
});
console.log(JSON.stringify({
  uid: Deno.uid(),
  capabilities: await detectCapabilities(),
  workspaceRoot: fx.sandbox.workspaceRoot,
  rootOps: { code: rootOps.code, stdout: rootOps.stdout, stderr: rootOps.stderr },
  kept: await Deno.readTextFile(join(fx.workspace, "kept.txt")).catch(() => null),
  failures,
}));
