/** Test support: fakes and helpers shared by all tests. Never imported by src/. */
export { createTempHome, type TempHome } from "./home.ts";
export { type CliRun, runLocalgpt } from "./cli.ts";
export {
  countingListener,
  createSandboxFixture,
  processList,
  type SandboxFixture,
  sandboxSettings,
  SECRET,
} from "./sandbox.ts";
