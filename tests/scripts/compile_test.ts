import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  compileCommands,
  hostTarget,
  LAZY_ENTRIES,
  lockedVersions,
  TARGETS,
} from "../../compile.ts";
import { COMMAND_TABLE } from "../../src/app/command_table.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ONNX = ["linux/x64", "linux/arm64", "darwin/arm64", "win32/x64"].map((p) =>
  `node_modules/.deno/onnxruntime-node@1.30.0/node_modules/onnxruntime-node/bin/napi-v6/${p}`
);

Deno.test("compileCommands() builds one self-extracting command per target with the permission set", () => {
  const commands = compileCommands({
    targets: Object.keys(TARGETS),
    outDir: "dist",
    includeWeb: true,
    lockedVersions: {
      "sqlite-vec-windows-x64": "0.1.9",
      "@img/sharp-win32-x64": "0.35.5",
      "@node-llama-cpp/win-x64": "3.21.1",
    },
    onnxPlatformDirs: ONNX,
  });
  assert.equal(commands.length, 5);
  for (const args of commands) {
    assert.equal(args[0], "compile");
    assert.ok(args.includes("-P=localgpt"));
    assert.ok(args.includes("--self-extracting"));
    assert.ok(args.includes("--include=web/"));
    assert.equal(args.at(-1), "main.ts");
    assert.ok(!args.some((a) => a === "-A" || a === "--allow-all"));
  }
  const windows = commands.find((a) => a.includes("--target=x86_64-pc-windows-msvc"))!;
  assert.ok(windows.includes("--output=dist/localgpt-x86_64-pc-windows-msvc.exe"));
  assert.ok(windows.includes("--include=npm:sqlite-vec-windows-x64@0.1.9"));
  assert.ok(windows.includes("--include=npm:@img/sharp-win32-x64@0.35.5"));
  assert.ok(windows.includes("--include=npm:@node-llama-cpp/win-x64@3.21.1"));
  const linux = commands.find((a) => a.includes("--target=x86_64-unknown-linux-gnu"))!;
  const excluded = linux.filter((a) => a.startsWith("--exclude=")).map((a) =>
    a.split("/").slice(-2).join("/")
  );
  assert.deepEqual(excluded, ["linux/arm64", "darwin/arm64", "win32/x64"]);
});

Deno.test("compileCommands() rejects an unknown target", () => {
  assert.throws(
    () =>
      compileCommands({
        targets: ["riscv"],
        outDir: "d",
        includeWeb: false,
        lockedVersions: {},
        onnxPlatformDirs: [],
      }),
    /Unknown target "riscv"/,
  );
});

Deno.test("hostTarget() maps OS and arch to a deno target triple", () => {
  assert.equal(hostTarget("linux", "x86_64"), "x86_64-unknown-linux-gnu");
  assert.equal(hostTarget("darwin", "aarch64"), "aarch64-apple-darwin");
  assert.equal(hostTarget("windows", "x86_64"), "x86_64-pc-windows-msvc");
});

Deno.test("compile.ts --dry-run --all prints the exact commands and runs nothing", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-P=compile", "compile.ts", "--dry-run", "--all"],
    cwd: ROOT,
    env: { DENORT_BIN: "/opt/denort" },
  }).output();
  assert.equal(out.code, 0);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  assert.equal(lines.length, 5);
  for (const line of lines) {
    assert.match(
      line,
      /^DENORT_BIN=\/opt\/denort deno compile -q --config=deno\.json -P=localgpt .*main\.ts$/,
    );
  }
  assert.ok(!(await Deno.stat(`${ROOT}dist`).catch(() => null)), "dry run must not build");
});

Deno.test("lockedVersions() reads package versions from deno.lock, scoped names included", () => {
  const lock = JSON.stringify({
    npm: {
      "@img/sharp-linux-x64@0.35.5": {},
      "sqlite-vec@0.1.9": {},
      "ws@8.18.0_utf-8-validate@6.0.5": {},
    },
  });
  assert.deepEqual(lockedVersions(lock), {
    "@img/sharp-linux-x64": "0.35.5",
    "sqlite-vec": "0.1.9",
    ws: "8.18.0",
  });
});

Deno.test("compileCommands() includes every module imported with a computed specifier", async () => {
  const main = await Deno.readTextFile(new URL("../../main.ts", import.meta.url));
  const lazy = [...main.matchAll(/lazy<[^>]*>\(\s*"\.\/([^"]+)"/g)].map((m) => m[1]);
  assert.equal(lazy.length, 3);
  const commands = Object.values(COMMAND_TABLE).map(([module]) => `src/app/${module}`);
  assert.deepEqual([...LAZY_ENTRIES].sort(), [...lazy, ...commands].sort());
  const [args] = compileCommands({
    targets: ["x86_64-unknown-linux-gnu"],
    outDir: "dist",
    includeWeb: false,
    lockedVersions: {},
    onnxPlatformDirs: [],
  });
  for (const path of LAZY_ENTRIES) assert.ok(args.includes(`--include=${path}`), path);
});
