/**
 * Headless Debian Chromium through playwright-core, for the web UI tests. playwright-core probes
 * /proc/sys at load, which Deno allows only with all permissions, so the browser is driven from a
 * child process (`deno run -A <driver>`) that prints its observations as JSON.
 */
import { fileURLToPath } from "node:url";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Folder for screenshots and other artifacts of UI tests (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** Chromium flags for tests: headless, no sandbox, no network of its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when Chromium is installed (`apt-get install chromium`). */
export function chromiumAvailable(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/** Runs a browser driver script with `args`; returns the JSON it prints (throws on failure). */
export async function runBrowserDriver(
  driver: URL,
  args: string[],
): Promise<Record<string, unknown>> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", `--config=${root}deno.json`, fileURLToPath(driver), ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`browser driver failed: ${new TextDecoder().decode(out.stderr)}\n${stdout}`);
  }
  return JSON.parse(stdout);
}
