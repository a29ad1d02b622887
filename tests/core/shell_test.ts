import assert from "node:assert/strict";
import { commandLineFromWords, shellQuote } from "../../src/core/mod.ts";

/** Runs a command line with `bash -c` and returns the argv the program received (one per line). */
async function argvSeenBy(line: string): Promise<string[]> {
  const out = await new Deno.Command("/bin/bash", {
    args: ["-c", line],
    env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent-home" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).split("\0").slice(0, -1);
}

Deno.test("shellQuote() leaves safe words and quotes the rest", () => {
  assert.equal(shellQuote("--target=x86_64-apple-darwin"), "--target=x86_64-apple-darwin");
  assert.equal(shellQuote("a b'c"), `'a b'\\''c'`);
  assert.equal(shellQuote(""), "''");
});

Deno.test("commandLineFromWords() keeps a single word as the shell command line", () => {
  assert.equal(commandLineFromWords(["echo a && echo b"]), "echo a && echo b");
});

Deno.test("commandLineFromWords() runs several words as exactly that argv", async () => {
  const words = ["a b", "'q'", '"d"', "$HOME", "~", "*", "x;y", "", "-c", "new\nline", "\\"];
  const line = commandLineFromWords(["printf", "%s\\0", ...words]);
  assert.deepEqual(await argvSeenBy(line), words);
});

Deno.test("commandLineFromWords() runs the program on PATH, not a shell builtin", async () => {
  // bash's builtin `type` exists; /usr/bin has no `type`, so exec must fail rather than use it.
  const out = await new Deno.Command("/bin/bash", {
    args: ["-c", commandLineFromWords(["type", "ls"])],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 127);
});

Deno.test("commandLineFromWords() refuses an empty word list", () => {
  assert.throws(() => commandLineFromWords([]), TypeError);
});
