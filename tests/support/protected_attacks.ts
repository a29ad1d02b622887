/**
 * Every way a shell command could change a protected workspace file, for the escape suites
 * (run in-process and, for the non-root path, by tests/support/nonroot_attacks.ts).
 */
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/mod.ts";

/** Attacks on an existing protected file `F` (`other` is a plain file at the root). */
export function attacksOn(f: string): string[] {
  return [
    `echo x > ${f}`,
    `echo x >> ${f}`,
    `truncate -s 0 ${f}`,
    `cp other ${f}`,
    `dd if=other of=${f} conv=notrunc`,
    `rm -f ${f}`,
    `unlink ${f}`,
    `mv ${f} moved.md`,
    `mv -f other ${f}`,
    `mv memory/notes.md ${f}`,
    `ln -f other ${f}`,
    `ln -sf other ${f}`,
    `ln ${f} hard && echo x >> hard`,
    `ln ${f} memory/hard && echo x >> memory/hard`,
    `ln -s ${f} soft && echo x >> soft`,
    `sed -i s/i/X/ ${f}`,
    `install -m 644 other ${f}`,
    `cd memory && echo x > ../${f}`,
    `echo x > "$TMPDIR/p" && mv "$TMPDIR/p" ${f}`,
    `umount ${f}; echo x > ${f}`,
    `mount -o remount,rw ${f}; echo x > ${f}`,
    `unshare -Urm sh -c 'umount ${f}; echo x > ${f}'`,
    `python3 -c "open('${f}', 'a').write('x')"`,
    `python3 -c "import os; os.replace('other', '${f}')"`,
    `python3 -c "import os; os.link('${f}', 'plink'); open('plink', 'a').write('x')"`,
    `perl -pi -e s/i/X/ ${f}`,
    `d="$PWD"; cd .. && mv "$d" "$d.moved" && mkdir "$d" && echo x > "$d/${f}"`,
  ];
}

/** Attacks that create a protected file that does not exist yet. */
export function attacksCreating(f: string): string[] {
  return [
    `echo '{}' > ${f}`,
    `mkdir ${f}`,
    `ln -s LocalGPT.md ${f}`,
    `cp other ${f}`,
    `python3 -c "open('${f}', 'w').write('{}')"`,
  ];
}

/** Content, inode and type of a file as the host sees it. */
async function identity(path: string): Promise<string> {
  try {
    const info = await Deno.lstat(path);
    return JSON.stringify([await Deno.readTextFile(path), info.ino, info.isFile]);
  } catch (error) {
    return `missing (${(error as Error).name})`;
  }
}

/**
 * Runs every attack on `existing` and `absent` protected files; returns a line per attack that
 * changed one (empty: all held). The workspace needs `other` and `memory/notes.md`. The attacks on
 * one existing file run in one call, each in its own subshell followed by a fingerprint of the
 * file (inode, type, SHA-256), so a change is pinned to the attack that made it; the host checks
 * the file again at the end.
 */
export async function runProtectedAttacks(
  sandbox: Sandbox,
  workspace: string,
  files: { existing: string[]; absent: string[] },
): Promise<string[]> {
  const failures: string[] = [];
  for (const f of files.existing) {
    const path = join(workspace, f);
    const before = await identity(path);
    const attacks = attacksOn(f);
    const fingerprint = `echo "@@ $(stat -c '%i %F' ${f} 2>&1) $(sha256sum < ${f} 2>&1)"`;
    const script = [fingerprint, ...attacks.map((a) => `(${a}) >/dev/null 2>&1; ${fingerprint}`)]
      .join("\n");
    const r = await sandbox.exec(`cd "${workspace}"\n${script}`, { timeoutMs: 120_000 });
    const prints = r.stdout.split("\n").filter((l) => l.startsWith("@@ "));
    if (prints.length !== attacks.length + 1) {
      failures.push(`${f}: expected ${attacks.length + 1} fingerprints: ${r.stdout}${r.stderr}`);
    }
    prints.slice(1).forEach((p, i) => {
      if (p !== prints[0]) failures.push(`${attacks[i]}: ${prints[0]} -> ${p}`);
    });
    const after = await identity(path);
    if (after !== before) failures.push(`${f} changed on the host: ${before} -> ${after}`);
  }
  for (const f of files.absent) {
    for (const attack of attacksCreating(f)) {
      const r = await sandbox.exec(attack);
      const there = await Deno.lstat(join(workspace, f)).then(() => true, () => false);
      if (there) failures.push(`${attack}: "${f}" exists afterwards`);
      if (!r.denied) failures.push(`${attack}: not reported as denied`);
    }
  }
  return failures;
}
