/** The program's version, printed by `localgpt --version`; kept in step with deno.json. */
export const VERSION = "0.1.0";

/** The hidden first argument with which the program re-executes itself as a sandbox child. */
export const SANDBOX_EXEC_ARG = "__sandbox-exec";
