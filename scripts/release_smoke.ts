/**
 * The release smoke test: runs a built `localgpt` binary (or the source tree) through what a new
 * user does first, in a throw-away home: `--version`, `init`, `doctor --json`, `sandbox test`
 * (where the OS has a sandbox), `memory reindex` + `memory search` by meaning, and the daemon's
 * `/health` and `/` page. Each step passes or fails on its own; nothing here needs denort.
 */
import { join } from "node:path";
import { VERSION } from "../src/core/mod.ts";

/** One step's outcome. */
export interface SmokeStep {
  name: string;
  pass: boolean;
  detail: string;
  ms: number;
}

/** Options of `runSmoke()`. */
export interface SmokeOptions {
  /** The program: `[binary]`, or `deno run … main.ts` for the source tree. */
  exe: string[];
  /** Local models root and model id; unset: the default model is downloaded on first use. */
  modelDir?: string;
  model?: string;
  /** Run `sandbox test` (default: on Linux and macOS). */
  sandbox?: boolean;
  /** Called after each step (progress output). */
  onStep?: (step: SmokeStep) => void;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const MEMORY_NOTE = "# Pets\nI love my cat\n";
const STEP_TIMEOUT_MS = 300_000;

/** Runs every step in a fresh temp home; never throws for a failing step. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeStep[]> {
  const root = await Deno.makeTempDir({ prefix: "localgpt-smoke-" });
  const home = join(root, "home");
  await Deno.mkdir(home, { recursive: true });
  const env: Record<string, string> = {
    HOME: home,
    USERPROFILE: home,
    TZ: "UTC",
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ...(Deno.build.os === "windows" ? windowsVars() : {}),
  };
  for (const dir of ["config", "data", "state", "cache"]) {
    env[`LOCALGPT_${dir.toUpperCase()}_DIR`] = join(root, dir);
  }
  const run = (args: string[]) => runExe(options.exe, args, env);
  const steps: SmokeStep[] = [];
  const step = async (name: string, body: () => Promise<string>) => {
    const started = performance.now();
    let result: SmokeStep;
    try {
      result = { name, pass: true, detail: await body(), ms: 0 };
    } catch (error) {
      result = { name, pass: false, detail: (error as Error).message, ms: 0 };
    }
    result.ms = Math.round(performance.now() - started);
    steps.push(result);
    options.onStep?.(result);
  };
  try {
    await step("--version", async () => {
      const r = expectOk(await run(["--version"]));
      const printed = r.stdout.trim();
      if (!printed.includes(VERSION)) {
        throw new Error(`printed "${printed}", expected version ${VERSION}`);
      }
      return printed;
    });
    await step("init", async () => {
      expectOk(await run(["init"]));
      const identity = join(env.LOCALGPT_DATA_DIR, "workspace", "IDENTITY.md");
      await Deno.stat(identity).catch(() => {
        throw new Error(`init did not create "${identity}"`);
      });
      return "workspace created";
    });
    await step("doctor --json", async () => {
      const r = await run(["doctor", "--json"]);
      const checks = parseJson(r, "doctor --json").checks as { id: string; status: string }[];
      if (!Array.isArray(checks) || checks.length === 0) throw new Error("no checks in the JSON");
      return `${checks.length} checks, exit ${r.code}`;
    });
    if (options.sandbox ?? Deno.build.os !== "windows") {
      await step("sandbox test", async () => {
        const r = await run(["sandbox", "test", "--json"]);
        const json = parseJson(r, "sandbox test --json");
        const failed = (json.probes as { name: string; pass: boolean; detail: string }[])
          .filter((p) => !p.pass);
        if (failed.length || r.code !== 0) {
          throw new Error(failed.map((p) => `${p.name}: ${p.detail}`).join("; ") || r.stderr);
        }
        return `level ${json.level} (${json.backend}), ${json.probes.length} probes passed`;
      });
    }
    await step("memory reindex + search", async () => {
      await writeMemoryConfig(env, options);
      const memoryDir = join(env.LOCALGPT_DATA_DIR, "workspace", "memory");
      await Deno.mkdir(memoryDir, { recursive: true });
      await Deno.writeTextFile(join(memoryDir, "pets.md"), MEMORY_NOTE);
      expectOk(await run(["memory", "reindex"]));
      const r = expectOk(await run(["memory", "search", "feline", "--json"]));
      const json = parseJson(r, "memory search --json");
      const top = json.results?.[0]?.path;
      if (json.mode !== "hybrid") throw new Error(`search mode "${json.mode}", expected hybrid`);
      if (top !== "memory/pets.md") throw new Error(`top hit "${top}", expected "memory/pets.md"`);
      return `"feline" → ${top} (${json.mode})`;
    });
    await step("daemon /health and /", () => checkDaemon(options.exe, env));
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
  return steps;
}

function windowsVars(): Record<string, string> {
  const keep: Record<string, string> = {};
  for (const k of ["SystemRoot", "TEMP", "TMP", "PATHEXT", "ComSpec"]) {
    const v = Deno.env.get(k);
    if (v) keep[k] = v;
  }
  return keep;
}

async function writeMemoryConfig(env: Record<string, string>, options: SmokeOptions) {
  const lines = ["[memory.embedding]"];
  if (options.model) lines.push(`model = ${JSON.stringify(options.model)}`);
  if (options.modelDir) {
    lines.push(`model_dir = ${JSON.stringify(options.modelDir)}`, "allow_download = false");
  }
  await Deno.mkdir(env.LOCALGPT_CONFIG_DIR, { recursive: true });
  await Deno.writeTextFile(join(env.LOCALGPT_CONFIG_DIR, "config.toml"), lines.join("\n") + "\n");
}

async function checkDaemon(exe: string[], env: Record<string, string>): Promise<string> {
  const port = freePort();
  const config = join(env.LOCALGPT_CONFIG_DIR, "config.toml");
  const before = await Deno.readTextFile(config).catch(() => "");
  await Deno.writeTextFile(config, `${before}[server]\nport = ${port}\n`);
  const daemon = new Deno.Command(exe[0], {
    args: [...exe.slice(1), "daemon", "start", "-f"],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(daemon.stderr).text();
  try {
    const health = await poll(`http://127.0.0.1:${port}/health`, daemon.status);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    const html = await page.text();
    if (!page.ok || !/<html/i.test(html)) {
      throw new Error(`GET / answered ${page.status}: ${html.slice(0, 120)}`);
    }
    return `/health ${health}, / ${page.status} (${html.length} bytes of HTML)`;
  } catch (error) {
    throw new Error(`${(error as Error).message}${await tail(stderr)}`);
  } finally {
    await runExe(exe, ["daemon", "stop"], env).catch(() => {});
    const stopped = await Promise.race([daemon.status.then(() => true), delay(15_000, false)]);
    if (!stopped) daemon.kill("SIGKILL");
    await daemon.status;
  }
}

async function tail(text: Promise<string>): Promise<string> {
  const t = await Promise.race([text, delay(1000, "")]);
  return t.trim() ? `; daemon stderr: ${t.trim().split("\n").slice(-5).join(" | ")}` : "";
}

async function poll(url: string, exited: Promise<Deno.CommandStatus>): Promise<number> {
  let done: Deno.CommandStatus | undefined;
  exited.then((s) => done = s);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (done) throw new Error(`the daemon exited with code ${done.code} before answering`);
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return res.status;
    } catch {
      // Not listening yet.
    }
    await delay(200, undefined);
  }
  throw new Error(`${url} did not answer within 60 s`);
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function runExe(exe: string[], args: string[], env: Record<string, string>): Promise<Run> {
  const child = new Deno.Command(exe[0], {
    args: [...exe.slice(1), ...args],
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), STEP_TIMEOUT_MS);
  const out = await child.output();
  clearTimeout(timer);
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

function expectOk(r: Run): Run {
  if (r.code !== 0) {
    throw new Error(`exit ${r.code}: ${(r.stderr.trim() || r.stdout.trim()).slice(0, 400)}`);
  }
  return r;
}

// deno-lint-ignore no-explicit-any
function parseJson(r: Run, what: string): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`${what} printed no JSON (exit ${r.code}): ${r.stderr.trim().slice(0, 400)}`);
  }
}
