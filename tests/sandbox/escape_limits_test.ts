/** Escape suite, resources: fork bomb, huge file, huge output, SIGTERM-proof command, leftovers. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createSandboxFixture,
  createTempHome,
  processList,
  sandboxSettings,
} from "../support/mod.ts";
import { detectCapabilities, type SandboxLevel } from "../../src/sandbox/mod.ts";

const LEVELS: SandboxLevel[] = ["standard", "full"];

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() bounds a fork bomb and leaves no process behind`, async () => {
    // Safety first: never run the bomb unless a process limit is really enforced here.
    const caps = await detectCapabilities();
    assert.notEqual(caps.processLimit, "none", "no process limit on this host: bomb not run");
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level, { max_processes: 32 });
    // Every forked subshell keeps the command line, so the tag finds exactly our processes.
    const tag = `bomb-${crypto.randomUUID().slice(0, 8)}`;
    const ours = async () => (await processList()).filter((p) => p.includes(tag)).length;
    let peak = 0, sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await ours());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = Date.now();
    // The shell stays alive for 2 s while the bomb runs in the background.
    const r = await fx.sandbox.exec(`: ${tag}; :(){ :|:& };:; sleep 2; echo survived`, {
      timeoutMs: 6000,
    });
    sampling = false;
    await sampler;
    assert.ok(Date.now() - started < 15_000);
    assert.ok(peak > 1, "the sampler saw the bomb");
    assert.ok(peak <= 32, `peak ${peak} processes`);
    assert.match(r.stderr, /fork: (retry: )?Resource temporarily unavailable/);
    assert.equal(await ours(), 0);
  });

  Deno.test(`sandbox (${level}) exec() stops a 100 MB file at max_file_size_bytes`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec("head -c 104857600 /dev/zero > memory/big.bin; echo rc=$?");
    const size = (await Deno.stat(join(fx.workspace, "memory", "big.bin"))).size;
    assert.ok(size <= sandboxSettings().max_file_size_bytes, `size ${size}`);
    assert.match(r.stdout, /rc=153/); // 128 + SIGXFSZ
    assert.equal(r.denied, true);
  });

  Deno.test(`sandbox (${level}) exec() caps 10 MB of output with the truncation notice`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec("head -c 10485760 /dev/zero | tr '\\0' a");
    assert.equal(r.code, 0);
    assert.equal(r.truncated, true);
    assert.ok(r.stdout.startsWith("a".repeat(1000)));
    assert.ok(r.stdout.endsWith("\n[Output truncated, 10485760 bytes total]"));
    assert.ok(r.stdout.length < 1_048_576 + 100);
  });

  Deno.test(`sandbox (${level}) exec() kills a command that ignores SIGTERM at the timeout`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const started = Date.now();
    const r = await fx.sandbox.exec("trap '' TERM; while true; do sleep 0.2; done", {
      timeoutMs: 1000,
    });
    const ms = Date.now() - started;
    assert.equal(r.timedOut, true);
    assert.ok(ms >= 1000 && ms < 5000, `${ms} ms`);
    assert.equal(r.code, 137);
  });

  Deno.test(`sandbox (${level}) exec() kills background processes when the command returns`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const tag = 3000 + Math.floor(Math.random() * 900);
    const r = await fx.sandbox.exec(
      `sleep ${tag}.1 & (sleep ${tag}.2 &) ; nohup sleep ${tag}.3 >/dev/null 2>&1 & ` +
        `setsid sleep ${tag}.4 & echo started`,
    );
    assert.equal(r.stdout, "started\n");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const left = (await processList()).filter((p) => p.includes(`sleep ${tag}.`));
    assert.deepEqual(left, []);
  });

  Deno.test(`sandbox (${level}) exec() stops when the abort signal fires`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const r = await fx.sandbox.exec("sleep 30", { signal: controller.signal });
    assert.ok(Date.now() - started < 5000);
    assert.equal(r.timedOut, true);
  });
}
