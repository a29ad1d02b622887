/**
 * The bot's state as other processes see it: written to `<state_dir>/telegram_status.json`
 * (mode 0600) on every change, read by `localgpt daemon status` and `localgpt telegram status`.
 */
import { join } from "node:path";
import { writePrivateJson } from "./pairing.ts";

/** The status file's name in the state dir. */
export const STATUS_FILE = "telegram_status.json";

/** What the bot reports about itself. */
export interface TelegramStatus {
  enabled: boolean;
  /** Polling runs and the last Bot API call succeeded. */
  connected: boolean;
  /** `@name` after getMe. */
  bot_username?: string;
  paired_user?: { user_id: number; username?: string; paired_at: string };
  /** A pairing code waiting to be sent (shown by `daemon status`). */
  pending_code?: string;
  /** When the pending code expires (ISO time). */
  pending_code_expires_at?: string;
  last_error?: string;
  updated_at: string;
}

/** Writes the status file. */
export async function writeTelegramStatus(stateDir: string, status: TelegramStatus): Promise<void> {
  await Deno.mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writePrivateJson(join(stateDir, STATUS_FILE), status);
}

/** Reads the status file the running bot wrote; undefined when there is none (or it is unreadable). */
export async function readTelegramStatus(stateDir: string): Promise<TelegramStatus | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(join(stateDir, STATUS_FILE))) as TelegramStatus;
  } catch {
    return undefined;
  }
}

/** Removes the status file (the bot stopped). */
export async function removeTelegramStatus(stateDir: string): Promise<void> {
  await Deno.remove(join(stateDir, STATUS_FILE)).catch(() => {});
}
