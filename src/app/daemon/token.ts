/**
 * The API token (`<state_dir>/daemon/api_token`, mode 0600, made at first start) and one-time
 * login codes: `daemon start`/`status` write a code file, the daemon redeems it once for the token.
 */
import { join } from "node:path";

/** How long a login link stays valid. */
export const LOGIN_CODE_TTL_MS = 10 * 60_000;

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** Folder of the daemon's secrets. */
export function daemonSecretsDir(stateDir: string): string {
  return join(stateDir, "daemon");
}

/** Reads the token, creating it (0600) when missing. */
export async function ensureApiToken(stateDir: string): Promise<string> {
  const dir = daemonSecretsDir(stateDir);
  const path = join(dir, "api_token");
  const existing = (await Deno.readTextFile(path).catch(() => "")).trim();
  if (existing) return existing;
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const token = randomHex(32);
  try {
    await Deno.writeTextFile(path, token + "\n", { createNew: true, mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    return (await Deno.readTextFile(path)).trim();
  }
  await Deno.chmod(path, 0o600).catch(() => {});
  return token;
}

/** Writes a new one-time login code and returns it. */
export async function createLoginCode(stateDir: string): Promise<string> {
  const dir = join(daemonSecretsDir(stateDir), "login");
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const code = randomHex(16);
  await Deno.writeTextFile(join(dir, code), String(Date.now()), { createNew: true, mode: 0o600 });
  return code;
}

/** Consumes a login code: true once for a fresh code written by `createLoginCode()`. */
export function redeemLoginCode(stateDir: string, code: string, now = Date.now()): boolean {
  if (!/^[0-9a-f]{32}$/.test(code)) return false;
  const path = join(daemonSecretsDir(stateDir), "login", code);
  let created: number;
  try {
    created = Number(Deno.readTextFileSync(path));
    Deno.removeSync(path);
  } catch {
    return false;
  }
  return now - created <= LOGIN_CODE_TTL_MS;
}
