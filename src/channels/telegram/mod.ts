/**
 * @module channels/telegram
 * Owns the Telegram bot: grammY wiring (long polling, the 429 `retry_after` retry), pairing with
 * one user (6-digit crypto-random code, 10-minute expiry, lockout after five wrong codes, state in
 * `<state_dir>/telegram_paired_user.json`), one persistent agent Session per chat, streamed
 * replies (≤ 1 edit per 2 s), markdown → Telegram HTML with plain fallback and the 4096 split,
 * commands, attachments, inline-keyboard approvals, and deliveries of background results.
 * Must not import other channels, read the environment, or exit; grammY is imported lazily (only
 * by `start()`), so importing this module is cheap.
 * Contract: formatting and splitting are pure; `start()` never throws for Bot API failures (it
 * resolves with a reason); `deliver` never throws; `stop()` leaves every session saved.
 */
export { createTelegramBot, pairingReply } from "./bot.ts";
export type { TelegramBot, TelegramBotOptions, TelegramLog } from "./types.ts";
export { COMMANDS, type MemoryHit, menuCommands, telegramCommandName } from "./commands.ts";
export {
  escapeHtml,
  markdownToTelegramHtml,
  splitMessage,
  TELEGRAM_MESSAGE_LIMIT,
} from "./format.ts";
export {
  CODE_TTL_MS,
  LOCKOUT_MS,
  MAX_WRONG_CODES,
  PAIRED_USER_FILE,
  type PairedUser,
  readPairedUser,
  removePairedUser,
} from "./pairing.ts";
export { readTelegramStatus, STATUS_FILE, type TelegramStatus } from "./status.ts";
export { CHAT_SESSIONS_FILE } from "./chats.ts";
export { type Clock, EDIT_INTERVAL_MS, SYSTEM_CLOCK, THINKING } from "./live_reply.ts";
