/** Fake model CLIs: small shell scripts that record their arguments and print scripted output. */
import { join } from "node:path";

/** What a fake CLI does when run. */
export interface FakeCliScript {
  /** Printed on stdout, as is (JSON lines). */
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Seconds to sleep after printing (to test aborts). */
  sleep?: number;
  /** When the arguments contain this flag, print `whenFlag.stderr` and exit 1 instead. */
  whenFlag?: { flag: string; stderr: string };
}

/** A fake executable in a temp dir, and how to read what it was run with. */
export interface FakeCli {
  path: string;
  dir: string;
  /** Arguments of each run, in order. */
  runs(): Promise<string[][]>;
  /** Working directory of each run. */
  cwds(): Promise<string[]>;
}

/** Writes an executable `name` into `dir` that follows `script`. */
export async function writeFakeCli(
  dir: string,
  name: string,
  script: FakeCliScript,
): Promise<FakeCli> {
  const path = join(dir, name);
  const out = join(dir, `${name}.stdout`);
  const err = join(dir, `${name}.stderr`);
  const log = join(dir, `${name}.args`);
  const cwdLog = join(dir, `${name}.cwd`);
  await Deno.writeTextFile(out, script.stdout ?? "");
  await Deno.writeTextFile(err, script.stderr ?? "");
  const flagCheck = script.whenFlag
    ? `for a in "$@"; do if [ "$a" = "${script.whenFlag.flag}" ]; then ` +
      `printf '%s\\n' '${script.whenFlag.stderr.replace(/'/g, "")}' >&2; exit 1; fi; done\n`
    : "";
  await Deno.writeTextFile(
    path,
    `#!/bin/sh
for a in "$@"; do printf '%s\\0' "$a"; done >> '${log}'
printf '\\001' >> '${log}'
pwd >> '${cwdLog}'
${flagCheck}cat '${out}'
cat '${err}' >&2
${script.sleep ? `sleep ${script.sleep}\n` : ""}exit ${script.exitCode ?? 0}
`,
  );
  await Deno.chmod(path, 0o755);
  return {
    path,
    dir,
    async runs() {
      const text = await Deno.readTextFile(log).catch(() => "");
      return text.split("\x01").filter((r) => r !== "").map((r) => r.split("\0").slice(0, -1));
    },
    async cwds() {
      const text = await Deno.readTextFile(cwdLog).catch(() => "");
      return text.split("\n").filter(Boolean);
    },
  };
}
