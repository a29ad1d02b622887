/** Test support: fakes and helpers shared by all tests. Never imported by src/. */
export { createTempHome, type TempHome } from "./home.ts";
export { type CliRun, runCliCaptured, runLocalgpt } from "./cli.ts";
export { assistantMessage, toolResult, userMessage } from "./transcript.ts";
