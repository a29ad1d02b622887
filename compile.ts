/**
 * Builds the single-file `localgpt` executables with `deno compile`.
 *
 *   deno task compile [--target <triple>]… [--all] [--dry-run] [--out-dir dist]
 *
 * Every binary gets the same permission set as `deno task localgpt` (`-P=localgpt`, defined once
 * in deno.json), `--self-extracting` (native libraries need real files), and `web/` embedded.
 * `deno compile` downloads the `denort` runtime for each target from dl.deno.land; where that host
 * is unreachable, point `DENORT_BIN` at a denort binary for the target.
 */
import { Command } from "commander";
import { fileURLToPath } from "node:url";
import { shellQuote } from "./src/core/mod.ts";
import { COMMAND_TABLE } from "./src/app/command_table.ts";

/**
 * The targets we ship: the npm packages holding each one's native libraries (optional
 * dependencies, installed only for the host, so cross builds must name them; node-llama-cpp's
 * CPU build, or Metal on Apple silicon, for the embedded `local` provider) and onnxruntime's
 * folder for it.
 */
export const TARGETS: Record<string, { nativePackages: string[]; onnxDir: string }> = {
  "x86_64-unknown-linux-gnu": {
    nativePackages: [
      "sqlite-vec-linux-x64",
      "@img/sharp-linux-x64",
      "@img/sharp-libvips-linux-x64",
      "@node-llama-cpp/linux-x64",
    ],
    onnxDir: "linux/x64",
  },
  "aarch64-unknown-linux-gnu": {
    nativePackages: [
      "sqlite-vec-linux-arm64",
      "@img/sharp-linux-arm64",
      "@img/sharp-libvips-linux-arm64",
      "@node-llama-cpp/linux-arm64",
    ],
    onnxDir: "linux/arm64",
  },
  "x86_64-apple-darwin": {
    nativePackages: [
      "sqlite-vec-darwin-x64",
      "@img/sharp-darwin-x64",
      "@img/sharp-libvips-darwin-x64",
      "@node-llama-cpp/mac-x64",
    ],
    onnxDir: "darwin/x64",
  },
  "aarch64-apple-darwin": {
    nativePackages: [
      "sqlite-vec-darwin-arm64",
      "@img/sharp-darwin-arm64",
      "@img/sharp-libvips-darwin-arm64",
      "@node-llama-cpp/mac-arm64-metal",
    ],
    onnxDir: "darwin/arm64",
  },
  "x86_64-pc-windows-msvc": {
    nativePackages: ["sqlite-vec-windows-x64", "@img/sharp-win32-x64", "@node-llama-cpp/win-x64"],
    onnxDir: "win32/x64",
  },
};

/**
 * Modules imported with a computed specifier (so that `deno run` reads only what a command
 * needs), which `deno compile` cannot find by itself: main.ts's entries and every command
 * module. Everything else is reached from them.
 */
export const LAZY_ENTRIES = [
  "src/sandbox/mod.ts",
  "src/config/mod.ts",
  "src/app/mod.ts",
  ...Object.values(COMMAND_TABLE).map(([module]) => `src/app/${module}`),
];

/** Options of `compileCommands()`. */
export interface CompileOptions {
  targets: string[];
  outDir: string;
  /** Whether `web/` exists and must be embedded. */
  includeWeb: boolean;
  /** Locked version of each npm package (from deno.lock), to pin the native packages. */
  lockedVersions: Record<string, string>;
  /** onnxruntime-node's per-platform folders (`…/bin/napi-v6/<os>/<arch>`) found in node_modules. */
  onnxPlatformDirs: string[];
}

/** The exact `deno compile` argument lists, one per target; pure, so the dry run is testable. */
export function compileCommands(options: CompileOptions): string[][] {
  return options.targets.map((target) => {
    const spec = TARGETS[target];
    if (!spec) {
      throw new RangeError(
        `Unknown target "${target}": use one of ${Object.keys(TARGETS).join(", ")}`,
      );
    }
    const exe = target.includes("windows") ? ".exe" : "";
    return [
      "compile",
      "-q",
      "--config=deno.json",
      "-P=localgpt",
      "--no-prompt",
      "--self-extracting",
      `--target=${target}`,
      ...(options.includeWeb ? ["--include=web/"] : []),
      ...LAZY_ENTRIES.map((path) => `--include=${path}`),
      ...spec.nativePackages.map((name) => {
        const version = options.lockedVersions[name];
        return `--include=npm:${name}${version ? `@${version}` : ""}`;
      }),
      // onnxruntime-node ships every platform's libraries (~300 MB); keep only this target's.
      ...options.onnxPlatformDirs.filter((d) => !d.endsWith(`/${spec.onnxDir}`)).map((d) =>
        `--exclude=${d}`
      ),
      `--output=${options.outDir}/localgpt-${target}${exe}`,
      "main.ts",
    ];
  });
}

/** The target triple of the machine running this script. */
export function hostTarget(os = Deno.build.os, arch = Deno.build.arch): string {
  const cpu = arch === "aarch64" ? "aarch64" : "x86_64";
  if (os === "darwin") return `${cpu}-apple-darwin`;
  if (os === "windows") return `${cpu}-pc-windows-msvc`;
  return `${cpu}-unknown-linux-gnu`;
}

/** Package name → version for every npm package in a deno.lock text. */
export function lockedVersions(lockText: string): Record<string, string> {
  const npm: Record<string, unknown> = JSON.parse(lockText).npm ?? {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(npm)) {
    const at = key.indexOf("@", 1);
    if (at > 0) out[key.slice(0, at)] = key.slice(at + 1).split("_")[0];
  }
  return out;
}

/** Lists the per-platform folders `bin/napi-v6/<os>/<arch>` of every installed onnxruntime-node. */
async function onnxPlatformDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const store = `${root}node_modules/.deno`;
  const list = async (dir: string) => {
    try {
      return await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return [];
    }
  };
  for (const pkg of await list(store)) {
    if (!pkg.name.startsWith("onnxruntime-node@")) continue;
    const bin = `node_modules/.deno/${pkg.name}/node_modules/onnxruntime-node/bin/napi-v6`;
    for (const os of await list(`${root}${bin}`)) {
      for (const arch of await list(`${root}${bin}/${os.name}`)) {
        if (arch.isDirectory) found.push(`${bin}/${os.name}/${arch.name}`);
      }
    }
  }
  return found.sort();
}

async function main(argv: string[]): Promise<number> {
  const program = new Command("compile.ts")
    .description("build dist/localgpt-<target> with deno compile")
    .option("-t, --target <triple...>", `targets: ${Object.keys(TARGETS).join(", ")}`)
    .option("--all", "build every target")
    .option("--dry-run", "print the commands without running them")
    .option("--out-dir <dir>", "output folder", "dist")
    .parse(argv, { from: "user" });
  const opts = program.opts<
    { target?: string[]; all?: boolean; dryRun?: boolean; outDir: string }
  >();
  const root = fileURLToPath(new URL("./", import.meta.url));
  const targets = opts.all ? Object.keys(TARGETS) : opts.target ?? [hostTarget()];
  const includeWeb = await Deno.stat(`${root}web`).then((s) => s.isDirectory, () => false);
  let commands: string[][];
  try {
    commands = compileCommands({
      targets,
      outDir: opts.outDir,
      includeWeb,
      lockedVersions: lockedVersions(await Deno.readTextFile(`${root}deno.lock`)),
      onnxPlatformDirs: await onnxPlatformDirs(root),
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  if (includeWeb && !opts.dryRun) {
    // The web UI bundle (web/dist/app.js) is rebuilt from web/src when stale before embedding.
    const { ensureWebBundle } = await import("./src/app/daemon/web_assets.ts");
    const webError = await ensureWebBundle();
    if (webError) {
      console.error(`error: ${webError}`);
      return 1;
    }
  }
  const denort = Deno.env.get("DENORT_BIN");
  for (const [i, args] of commands.entries()) {
    const line = ["deno", ...args].map(shellQuote).join(" ");
    console.log(denort ? `DENORT_BIN=${shellQuote(denort)} ${line}` : line);
    if (opts.dryRun) continue;
    if (denort && targets[i] !== hostTarget()) {
      console.error(
        `warning: DENORT_BIN is used for ${targets[i]}; it must be a denort for that target`,
      );
    }
    const status = await new Deno.Command(Deno.execPath(), { args, cwd: root }).spawn().status;
    if (!status.success) {
      console.error(
        `error: deno compile failed for ${targets[i]} (exit ${status.code}). ` +
          "It downloads the denort runtime from dl.deno.land; offline, set DENORT_BIN.",
      );
      return 1;
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
