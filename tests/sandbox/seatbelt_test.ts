import assert from "node:assert/strict";
import { buildPolicy, seatbeltArgs, seatbeltProfile } from "../../src/sandbox/mod.ts";
import { sandboxSettings } from "../support/mod.ts";

const HOME = "/Users/ann";
const WS = "/Users/ann/Library/Application Support/localgpt/data/workspace";
const policy = (network: "deny" | "allow" = "deny") =>
  buildPolicy({
    settings: sandboxSettings({
      network: { policy: network },
      allow_paths: { read: ["/opt/homebrew"], write: ["/Users/ann/src/app"] },
    }),
    level: "standard",
    workspace: WS,
    home: HOME,
  });
const profile = (network: "deny" | "allow" = "deny") =>
  seatbeltProfile(policy(network), { home: HOME, tmpDir: "/private/tmp/lg-1" }).split("\n");

const at = (lines: string[], needle: string) => lines.findIndex((l) => l.includes(needle));

Deno.test("seatbeltProfile() starts from deny default and allows processes and reads", () => {
  const lines = profile();
  assert.equal(lines[0], "(version 1)");
  assert.equal(lines[1], "(deny default)");
  for (const rule of ["(allow process*)", "(allow signal)", "(allow file-read*)"]) {
    assert.ok(lines.includes(rule), rule);
  }
  assert.ok(lines.includes('(allow file-write* (subpath "/dev"))'));
});

Deno.test("seatbeltProfile() denies the home dir before re-allowing the workspace", () => {
  const lines = profile();
  const denyHome = at(lines, `(deny file-read* file-write* (subpath "${HOME}"))`);
  const allowWs = at(lines, `(subpath "${WS}")`);
  assert.ok(denyHome > 0 && allowWs > denyHome);
  assert.match(lines[allowWs], /\(subpath "\/private\/tmp\/lg-1"\)/);
  assert.match(lines[allowWs], /\(subpath "\/Users\/ann\/src\/app"\)/);
});

Deno.test("seatbeltProfile() denies writes to protected files case-insensitively, after the allow", () => {
  const lines = profile();
  const guard = at(lines, "(deny file-write* (regex");
  assert.ok(guard > at(lines, `(subpath "${WS}")`));
  assert.match(lines[guard], /\(\?i\)\^\\\/Users\\\/ann\\\/Library.*LocalGPT\\\.md\$/);
  assert.match(lines[guard], /IDENTITY\\\.md/);
  assert.match(lines[guard], /\\\.localgpt_manifest\\\.json/);
});

Deno.test("seatbeltProfile() denies credential dirs last and the network when policy is deny", () => {
  const lines = profile();
  const creds = at(lines, `(subpath "${HOME}/.ssh")`);
  assert.ok(creds > at(lines, "(deny file-write* (regex"));
  assert.match(lines[creds], /\.aws.*\.gnupg.*\.netrc/);
  assert.ok(lines.includes("(deny network*)"));
  assert.ok(!profile("allow").includes("(deny network*)"));
});

Deno.test("seatbeltProfile() escapes quotes and backslashes in paths", () => {
  const p = buildPolicy({
    settings: sandboxSettings(),
    level: "standard",
    workspace: '/w/a"b\\c',
    home: HOME,
  });
  const text = seatbeltProfile(p, { home: HOME, tmpDir: "/t" });
  assert.ok(text.includes('(subpath "/w/a\\"b\\\\c")'));
});

Deno.test("seatbeltArgs() sets the rlimits before exec'ing sandbox-exec", () => {
  const args = seatbeltArgs(policy(), "(version 1)", "echo hi");
  assert.equal(args[0], "-c");
  assert.match(args[1], /ulimit -f 51200 && ulimit -n 256 && ulimit -u 64/);
  assert.match(args[1], /exec \/usr\/bin\/sandbox-exec -p "\$1" \/bin\/bash -c "\$2"$/);
  assert.deepEqual(args.slice(3), ["(version 1)", "echo hi"]);
});
