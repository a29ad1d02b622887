/** The real CLI in a pseudo-terminal (util-linux `script`), read as a screen and typed into. */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Whether `script` is available (Linux with util-linux). */
export const HAS_SCRIPT = Deno.build.os === "linux" && await new Deno.Command("script", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);

/** A running `localgpt` in a pseudo-terminal. */
export interface PtySession {
  /** Everything printed so far. */
  screen(): string;
  /** Reads until `re` matches the screen after `from` (20 s at most, then throws with the screen). */
  waitFor(re: RegExp, from?: number): Promise<void>;
  type(text: string): Promise<void>;
  /** Closes stdin and waits for the exit code. */
  close(): Promise<number>;
}

/** Starts `localgpt <args>` from source with the permission set, in a pseudo-terminal. */
export function startPty(args: string[], vars: Record<string, string>): PtySession {
  const program = [
    Deno.execPath(),
    "run",
    "-q",
    "-P=localgpt",
    `--config=${ROOT}deno.json`,
    `${ROOT}main.ts`,
    ...args,
  ].map((a) => `'${a}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qfec", program, "/dev/null"],
    env: { ...vars, TERM: "xterm" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  let screen = "";
  return {
    screen: () => screen,
    async waitFor(re, from = 0) {
      const deadline = Date.now() + 20000;
      while (!re.test(screen.slice(from))) {
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${re}; screen:\n${screen}`);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`ended before ${re}; screen:\n${screen}`);
        screen += new TextDecoder().decode(value);
      }
    },
    type: (text) => writer.write(new TextEncoder().encode(text)),
    async close() {
      await writer.close();
      reader.releaseLock();
      await child.stdout.cancel();
      await child.stderr.cancel();
      return (await child.status).code;
    },
  };
}
