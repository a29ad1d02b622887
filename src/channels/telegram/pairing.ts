/**
 * Pairing: the bot serves one Telegram user. An unpaired bot prints a 6-digit code (crypto
 * random, valid 10 minutes) to the daemon log; the user who sends it is saved in
 * `<state_dir>/telegram_paired_user.json` (mode 0600). Five wrong codes lock pairing for 10
 * minutes. Everyone else is refused.
 */
import { join } from "node:path";

/** The pairing file's name in the state dir. */
export const PAIRED_USER_FILE = "telegram_paired_user.json";
/** How long a pairing code is valid. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes before pairing locks. */
export const MAX_WRONG_CODES = 5;
/** How long pairing stays locked. */
export const LOCKOUT_MS = 10 * 60_000;

/** The paired user as saved on disk. */
export interface PairedUser {
  user_id: number;
  username?: string;
  paired_at: string;
}

/** A Telegram user as the pairing sees it. */
export interface PairingUser {
  id: number;
  username?: string;
}

/** What one message from a user means for pairing. */
export type PairingOutcome =
  | { kind: "authorized" }
  | { kind: "refused" }
  | { kind: "instructions"; newCode: boolean }
  | { kind: "paired"; user: PairedUser }
  | { kind: "wrong"; left: number }
  | { kind: "expired" }
  | { kind: "locked"; untilMs: number };

/** A code waiting to be sent. */
export interface PendingCode {
  code: string;
  expiresAt: number;
}

/** Options of `createPairing()`. */
export interface PairingOptions {
  stateDir: string;
  now?: () => number;
  /** A 6-digit code; default: uniform from crypto.getRandomValues. */
  randomCode?: () => string;
  /** Told about every new code (the daemon logs `TELEGRAM PAIRING CODE: xxxxxx`). */
  onCode?(code: PendingCode): void;
}

/** The pairing state machine over its file. */
export interface Pairing {
  /** Decides what a message from `user` means; pairs the user on the right code. */
  check(user: PairingUser, text: string): Promise<PairingOutcome>;
  /** The paired user, if any. */
  pairedUser(): Promise<PairedUser | undefined>;
  /** The code waiting to be sent (not expired), if any. */
  pending(): PendingCode | undefined;
  /** Removes the pairing; true when there was one. */
  unpair(): Promise<boolean>;
}

/** A uniform 6-digit code (100000–999999) from the crypto random source. */
export function randomPairingCode(): string {
  const span = 900_000;
  const limit = Math.floor(0x1_0000_0000 / span) * span;
  const buf = new Uint32Array(1);
  do crypto.getRandomValues(buf); while (buf[0] >= limit);
  return String(100_000 + (buf[0] % span));
}

/** Reads the paired user from `<stateDir>/telegram_paired_user.json`; undefined when none. */
export async function readPairedUser(stateDir: string): Promise<PairedUser | undefined> {
  const file = join(stateDir, PAIRED_USER_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const data = JSON.parse(text);
    if (typeof data?.user_id !== "number") throw new TypeError('missing number "user_id"');
    return data as PairedUser;
  } catch (error) {
    throw new Error(`Cannot read "${file}": ${(error as Error).message}`);
  }
}

/** Deletes the pairing file; true when it existed. */
export async function removePairedUser(stateDir: string): Promise<boolean> {
  try {
    await Deno.remove(join(stateDir, PAIRED_USER_FILE));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Writes a JSON file readable only by its owner, atomically. */
export async function writePrivateJson(path: string, data: unknown): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  await Deno.chmod(tmp, 0o600).catch(() => {});
  await Deno.rename(tmp, path);
}

/** Creates the pairing state for one state dir. */
export function createPairing(options: PairingOptions): Pairing {
  const now = options.now ?? Date.now;
  const randomCode = options.randomCode ?? randomPairingCode;
  let code: PendingCode | undefined;
  let wrong = 0;
  let lockedUntil = 0;
  // Read on every message: `localgpt telegram unpair` removes the file from another process.
  const pairedUser = () => readPairedUser(options.stateDir);
  const issue = () => {
    code = { code: randomCode(), expiresAt: now() + CODE_TTL_MS };
    options.onCode?.(code);
  };

  return {
    pairedUser,
    pending: () => (code && code.expiresAt > now() ? code : undefined),
    async unpair() {
      const had = await removePairedUser(options.stateDir);
      code = undefined;
      return had;
    },
    async check(user, text) {
      const paired = await pairedUser();
      if (paired) return paired.user_id === user.id ? { kind: "authorized" } : { kind: "refused" };
      const t = now();
      if (lockedUntil > t) return { kind: "locked", untilMs: lockedUntil };
      const sent = text.trim();
      if (!/^\d{4,8}$/.test(sent)) {
        const newCode = !code || code.expiresAt <= t;
        if (newCode) issue();
        return { kind: "instructions", newCode };
      }
      if (code && code.expiresAt <= t) {
        issue();
        return { kind: "expired" };
      }
      if (code && sent === code.code) {
        const saved: PairedUser = {
          user_id: user.id,
          ...(user.username ? { username: user.username } : {}),
          paired_at: new Date(t).toISOString(),
        };
        await Deno.mkdir(options.stateDir, { recursive: true, mode: 0o700 });
        await writePrivateJson(join(options.stateDir, PAIRED_USER_FILE), saved);
        code = undefined;
        wrong = 0;
        return { kind: "paired", user: saved };
      }
      wrong++;
      if (wrong >= MAX_WRONG_CODES) {
        wrong = 0;
        code = undefined;
        lockedUntil = t + LOCKOUT_MS;
        return { kind: "locked", untilMs: lockedUntil };
      }
      if (!code) issue();
      return { kind: "wrong", left: MAX_WRONG_CODES - wrong };
    },
  };
}
