/** One contract suite, run against every backend this host can run. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandboxFixture, createTempHome } from "../support/mod.ts";
import { SandboxDeniedError } from "../../src/core/mod.ts";
import { buildPolicy, type SandboxLevel } from "../../src/sandbox/mod.ts";
import { createLandlockSandbox } from "../../src/sandbox/backends/landlock.ts";
import { sandboxSettings } from "../support/mod.ts";

const LEVELS: SandboxLevel[] = ["none", "minimal", "standard", "full"];

for (const level of LEVELS) {
  Deno.test(`Sandbox(${level}).exec() returns stdout, stderr and the exit code`, async () => {
    await using home = await createTempHome();
    const { sandbox } = await createSandboxFixture(home, level);
    assert.equal(sandbox.level, level);
    const r = await sandbox.exec("echo out; echo err >&2; exit 3");
    assert.deepEqual(r, {
      code: 3,
      stdout: "out\n",
      stderr: "err\n",
      truncated: false,
      timedOut: false,
      denied: false,
    });
  });

  Deno.test(`Sandbox(${level}).exec() runs in the workspace by default and in cwd when given`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    assert.equal((await fx.sandbox.exec("pwd")).stdout, `${fx.workspace}\n`);
    const sub = join(fx.workspace, "memory");
    assert.equal((await fx.sandbox.exec("pwd", { cwd: sub })).stdout, `${sub}\n`);
  });

  Deno.test(`Sandbox(${level}).exec() passes exactly the env it is given`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec('printf "%s" "$GREETING"', {
      env: { GREETING: "hello", PATH: "/usr/bin:/bin" },
    });
    assert.equal(r.stdout, "hello");
  });

  Deno.test(`Sandbox(${level}).exec() times out and kills the command`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const started = Date.now();
    const r = await fx.sandbox.exec("sleep 20", { timeoutMs: 500 });
    assert.equal(r.timedOut, true);
    assert.ok(Date.now() - started < 4000);
  });

  Deno.test(`Sandbox(${level}).exec() caps stderr with its notice`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level, { max_output_bytes: 1024 });
    const r = await fx.sandbox.exec("head -c 5000 /dev/zero | tr '\\0' e >&2");
    assert.equal(r.truncated, true);
    assert.equal(r.stderr, "e".repeat(1024) + "\n[stderr truncated]");
  });
}

Deno.test("Landlock sandbox exec() throws SandboxDeniedError when the child cannot confine itself", async () => {
  await using home = await createTempHome();
  const workspace = join(home.root, "ws");
  await Deno.mkdir(workspace);
  const policy = buildPolicy({
    settings: sandboxSettings(),
    level: "standard",
    workspace,
    home: home.vars.HOME,
  });
  const sandbox = createLandlockSandbox({
    policy,
    landlockAbi: 0, // pretend the kernel has no Landlock: the child must refuse, not run
    userNamespace: false,
    defaultEnv: { PATH: "/usr/bin:/bin" },
  });
  await assert.rejects(() => sandbox.exec("touch ran"), (e: unknown) => {
    assert.ok(e instanceof SandboxDeniedError);
    assert.match(e.message, /Cannot apply Landlock/);
    return true;
  });
  assert.equal(await Deno.stat(join(workspace, "ran")).then(() => true, () => false), false);
});
