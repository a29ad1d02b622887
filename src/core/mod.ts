/**
 * @module core
 * Shared types and primitives: domain errors, conversation messages, model stream events, the
 * program's version, shell quoting, and reading a range of a file the caller opened. Owns no
 * resources and starts nothing; imports nothing from src/.
 */
export * from "./errors.ts";
export * from "./messages.ts";
export type { Deliver, Delivery } from "./delivery.ts";
export { SANDBOX_EXEC_ARG, VERSION } from "./version.ts";
export { commandLineFromWords, shellQuote } from "./shell.ts";
export { readRange } from "./read_range.ts";
