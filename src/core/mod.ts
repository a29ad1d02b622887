/**
 * @module core
 * Shared types and primitives: domain errors and the program's version.
 * Owns nothing with side effects; imports nothing from src/.
 */
export * from "./errors.ts";
export { VERSION } from "./version.ts";
