/**
 * @module channels/cli
 * Owns the terminal front end: the chat REPL (banner, streamed output, tool activity lines,
 * multi-line input, history file, slash commands, `/<skill>`), the one-shot `ask`, the rendering
 * of session events, attachments and the `Execute <tool>? [y/N]` approval prompt.
 * Must not: build sessions, models or tools (app/ injects them through ChatDeps/AskDeps), exit the
 * process, or import other channels.
 * Contract: `runChat()`/`runAsk()` return an exit code; every turn goes through `Session.send()`.
 */
export { type AskDeps, type AskJson, runAsk } from "./ask.ts";
export { bannerLine, runChat } from "./repl.ts";
export type { ChatDeps, MemoryHit } from "./chat_deps.ts";
export {
  type ChatState,
  type CommandOutcome,
  COMMANDS,
  RESERVED,
  runCommand,
  saveToMemory,
} from "./commands.ts";
export { LineReader, readInput } from "./input.ts";
export {
  HISTORY_LIMIT,
  LineEditor,
  type LineSource,
  loadHistory,
  type Terminal,
} from "./line_editor.ts";
export { createRenderer, makeStyles, type Styles } from "./render.ts";
export { createTerminalApproval, type TerminalApprovalOptions } from "./approval.ts";
export {
  type Attachment,
  loadAttachment,
  MAX_ATTACHMENT_BYTES,
  withAttachments,
} from "./attachments.ts";
