/**
 * `deno task release <build|smoke|checksums>`: every step of `.github/workflows/release.yml`,
 * runnable locally.
 *
 *   deno task release build [--target <triple>] [--out-dir dist]   compile.ts for one target
 *   deno task release smoke [--target <triple>] [--binary <path>] [--from-source]
 *                           [--model-dir <dir> --model <id>] [--no-sandbox] [--json]
 *   deno task release checksums [--dir dist] [--verify]           SHA256SUMS of the binaries
 *
 * `build` needs the denort runtime of the target (downloaded by `deno compile` from dl.deno.land,
 * or `DENORT_BIN`); without it, it stops with a message saying so. Everything else runs offline.
 */
import { Command } from "commander";
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hostTarget, TARGETS } from "../compile.ts";
import { runSmoke, type SmokeStep } from "./release_smoke.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A failure with a message for the user (no stack trace) and an exit code. */
export class ReleaseError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The binary's file name for a target. */
export function binaryName(target: string): string {
  checkTarget(target);
  return `localgpt-${target}${target.includes("windows") ? ".exe" : ""}`;
}

function checkTarget(target: string): void {
  if (!(target in TARGETS)) {
    throw new ReleaseError(
      `Unknown target "${target}": use one of ${Object.keys(TARGETS).join(", ")}`,
      2,
    );
  }
}

/**
 * What a failed `deno compile` means, for the user: a denort download failure becomes one
 * sentence naming the URL, the cause and the way out; anything else is passed through.
 */
export function explainCompileFailure(target: string, stderr: string): string {
  const url = /https:\/\/dl\.deno\.land\/\S+?denort\S+?\.zip/.exec(stderr)?.[0];
  if (url || /denort/i.test(stderr)) {
    const cause = /(dns error[^\n]*|Connection refused[^\n]*|timed out[^\n]*|status code \d+)/i
      .exec(stderr)?.[1]?.trim();
    return `Cannot build ${target}: deno compile needs the denort runtime for it and could not ` +
      `download ${url ?? "it"}${cause ? ` (${cause})` : ""}. Run where dl.deno.land is ` +
      "reachable (as the release workflow does), or set DENORT_BIN to a denort binary for " +
      "this target.";
  }
  const lines = stderr.split("\n").filter((l) => !/^\s*(Stack backtrace:|\d+: <unknown>)/.test(l));
  return `Cannot build ${target}: deno compile failed:\n${lines.join("\n").trim()}`;
}

/** Runs compile.ts for one target; returns the binary's path. */
export async function build(target: string, outDir = "dist"): Promise<string> {
  checkTarget(target);
  const denort = Deno.env.get("DENORT_BIN");
  if (denort && !await Deno.stat(denort).then((s) => s.isFile, () => false)) {
    throw new ReleaseError(`Cannot build ${target}: DENORT_BIN "${denort}" is not a file`);
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      "-P=compile",
      "compile.ts",
      `--target=${target}`,
      `--out-dir=${outDir}`,
    ],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  if (!status.success) throw new ReleaseError(explainCompileFailure(target, stderr));
  const path = join(ROOT, outDir, binaryName(target));
  const size = await Deno.stat(path).then((s) => s.size, () => undefined);
  if (size === undefined) throw new ReleaseError(`Cannot build ${target}: "${path}" is missing`);
  console.log(`built ${path} (${(size / 1048576).toFixed(1)} MiB)`);
  return path;
}

/** `<hex>  <name>` lines (the format of `sha256sum`) for the release binaries in `dir`. */
export async function checksums(dir: string): Promise<string> {
  const names = (await Array.fromAsync(Deno.readDir(dir)))
    .filter((e) => e.isFile && /^localgpt-/.test(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) {
    throw new ReleaseError(`Cannot write checksums: no localgpt-* in "${dir}"`);
  }
  const lines = [];
  for (const name of names) lines.push(`${await sha256File(join(dir, name))}  ${name}`);
  return lines.join("\n") + "\n";
}

/** Checks every line of a SHA256SUMS text against the files in `dir`; returns the mismatches. */
export async function verifyChecksums(dir: string, sums: string): Promise<string[]> {
  const bad: string[] = [];
  for (const line of sums.split("\n").filter((l) => l.trim())) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      bad.push(`malformed line "${line}"`);
      continue;
    }
    const actual = await sha256File(join(dir, basename(m[2]))).catch(() => "missing");
    if (actual !== m[1]) bad.push(`${m[2]}: ${actual === "missing" ? "missing" : "mismatch"}`);
  }
  return bad;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

function smokeExe(opts: { binary?: string; fromSource?: boolean; target?: string }): string[] {
  if (opts.fromSource) {
    return [
      Deno.execPath(),
      "run",
      "-q",
      "-P=localgpt",
      `--config=${join(ROOT, "deno.json")}`,
      join(ROOT, "main.ts"),
    ];
  }
  return [opts.binary ?? join(ROOT, "dist", binaryName(opts.target ?? hostTarget()))];
}

async function smoke(opts: {
  binary?: string;
  fromSource?: boolean;
  target?: string;
  modelDir?: string;
  model?: string;
  sandbox: boolean;
  json?: boolean;
}): Promise<number> {
  const exe = smokeExe(opts);
  if (!opts.fromSource && !await Deno.stat(exe[0]).then((s) => s.isFile, () => false)) {
    throw new ReleaseError(
      `Cannot smoke-test "${exe[0]}": no such binary (run \`deno task release build\` first, ` +
        "or use --from-source)",
    );
  }
  if (Boolean(opts.modelDir) !== Boolean(opts.model)) {
    throw new ReleaseError("Cannot smoke-test: --model-dir and --model go together", 2);
  }
  const print = (s: SmokeStep) =>
    console.log(`${s.pass ? "PASS" : "FAIL"}  ${s.name}  ${s.detail}  (${s.ms} ms)`);
  const steps = await runSmoke({
    exe,
    modelDir: opts.modelDir,
    model: opts.model,
    sandbox: opts.sandbox ? undefined : false,
    onStep: opts.json ? undefined : print,
  });
  const failed = steps.filter((s) => !s.pass).length;
  if (opts.json) console.log(JSON.stringify({ exe, steps, failed }, null, 2));
  else console.log(`${steps.length - failed}/${steps.length} passed`);
  return failed ? 1 : 0;
}

/** Parses argv and runs one subcommand; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command("release")
    .description("build, smoke-test and checksum the release binaries (the release workflow)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => Deno.stderr.writeSync(new TextEncoder().encode(s)) });
  program.command("build")
    .description("compile the binary for one target into the out dir")
    .option("-t, --target <triple>", "target triple (default: this machine)")
    .option("--out-dir <dir>", "output folder", "dist")
    .action(async (o: { target?: string; outDir: string }) => {
      await build(o.target ?? hostTarget(), o.outDir);
    });
  program.command("smoke")
    .description("run the smoke test against a built binary (or the source tree)")
    .option("-t, --target <triple>", "test dist/localgpt-<triple> (default: this machine)")
    .option("--binary <path>", "test this binary")
    .option("--from-source", "test `deno run main.ts` instead of a binary")
    .option("--model-dir <dir>", "local models root (default: download the default model)")
    .option("--model <id>", "embedding model id inside --model-dir")
    .option("--no-sandbox", "skip `sandbox test`")
    .option("--json", "print the steps as JSON")
    .action(async (o) => {
      code = await smoke(o);
    });
  program.command("checksums")
    .description("write <dir>/SHA256SUMS for the binaries (or --verify it)")
    .option("--dir <dir>", "folder with the binaries", "dist")
    .option("--verify", "check the files against the existing SHA256SUMS")
    .action(async (o: { dir: string; verify?: boolean }) => {
      const file = join(o.dir, "SHA256SUMS");
      if (o.verify) {
        const sums = await Deno.readTextFile(file).catch(() => {
          throw new ReleaseError(`Cannot verify: "${file}" does not exist`);
        });
        const bad = await verifyChecksums(o.dir, sums);
        for (const b of bad) console.error(`FAILED ${b}`);
        if (bad.length) code = 1;
        else console.log(`${file}: all OK`);
        return;
      }
      const text = await checksums(o.dir);
      await Deno.writeTextFile(file, text);
      console.log(text.trimEnd());
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof ReleaseError) {
      console.error(`error: ${error.message}`);
      return error.exitCode;
    }
    const commander = error as { code?: string; exitCode?: number };
    if (typeof commander.code === "string" && commander.code.startsWith("commander.")) {
      return commander.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return code;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
