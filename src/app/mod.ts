/**
 * @module app
 * Composition root: the command line and the wiring of every module. The only module that
 * imports everything. Must not hold domain logic: commands parse flags, call modules, print.
 * Contract: `runCli(argv, output, host)` returns the exit code (0 ok, 1 failure, 2 usage/config).
 */
export { EXIT, runCli } from "./cli.ts";
export { type Output, terminalOutput } from "./output.ts";
