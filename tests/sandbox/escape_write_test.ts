/** Escape suite, writes: nothing outside the workspace, and never a protected file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandboxFixture, createTempHome } from "../support/mod.ts";
import type { SandboxLevel } from "../../src/sandbox/mod.ts";

const LEVELS: SandboxLevel[] = ["standard", "full"];
const exists = (p: string) => Deno.stat(p).then(() => true, () => false);

for (const level of LEVELS) {
  Deno.test(`sandbox (${level}) exec() writes inside workspace folders and TMPDIR`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const r = await fx.sandbox.exec(
      'echo a > memory/new.md && mkdir -p memory/d/e && echo b > "$TMPDIR/t" && cat "$TMPDIR/t" && ' +
        "echo c >> MEMORY.md && mv memory/new.md memory/d/ && rm -r memory/d",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "b\n");
    assert.match(await Deno.readTextFile(join(fx.workspace, "MEMORY.md")), /c\n$/);
  });

  Deno.test(`sandbox (${level}) exec() refuses writes outside the workspace`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const outside = join(home.root, "outside.txt");
    const targets = [join(fx.home, "pwned"), join(fx.home, ".ssh", "authorized_keys"), outside];
    for (const target of targets) {
      const r = await fx.sandbox.exec(`echo x > "${target}"`);
      assert.notEqual(r.code, 0, target);
      assert.equal(await exists(target), false, target);
    }
    const key = join(fx.dataDir, "localgpt.device.key");
    const r = await fx.sandbox.exec(`echo x > "${key}"; rm -f "${key}"`);
    assert.notEqual(r.code, 0);
    assert.equal(await Deno.readTextFile(key), "k".repeat(32));
  });

  Deno.test(`sandbox (${level}) exec() leaves protected files unchanged whatever the trick`, async () => {
    await using home = await createTempHome();
    const fx = await createSandboxFixture(home, level);
    const policy = join(fx.workspace, "LocalGPT.md");
    const before = await Deno.readTextFile(policy);
    const attacks = [
      "echo x >> LocalGPT.md",
      "echo x > IDENTITY.md",
      "echo '{}' > .localgpt_manifest.json",
      "truncate -s 0 LocalGPT.md",
      "cp /dev/null LocalGPT.md",
      "rm -f LocalGPT.md",
      "mv LocalGPT.md memory/moved.md",
      "ln -s ../LocalGPT.md memory/link && echo x > memory/link",
      "ln LocalGPT.md memory/hard && echo x > memory/hard",
      "cd memory && echo x > ../LocalGPT.md",
      "echo x > ./memory/../LocalGPT.md",
      "sed -i s/careful/reckless/ LocalGPT.md",
      "echo x > $TMPDIR/p && mv $TMPDIR/p LocalGPT.md",
    ];
    for (const attack of attacks) {
      await fx.sandbox.exec(attack);
      assert.equal(await Deno.readTextFile(policy), before, attack);
    }
    assert.equal(await Deno.readTextFile(join(fx.workspace, "IDENTITY.md")), "# Identity\n");
    assert.equal(await exists(join(fx.workspace, ".localgpt_manifest.json")), false);
  });
}
