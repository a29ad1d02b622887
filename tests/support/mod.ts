/** Test support: fakes and helpers shared by all tests. Never imported by src/. */
export { createTempHome, type TempHome } from "./home.ts";
export { type CliRun, runLocalgpt } from "./cli.ts";
export {
  type FakeHandler,
  type FakeResponse,
  type FakeServer,
  loadFixture,
  type RecordedRequest,
  startFakeServer,
} from "./fake_server.ts";
export { type FakeCall, FakeProvider, textReply, toolCallReply } from "./fake_provider.ts";
export { type FakeCli, type FakeCliScript, writeFakeCli } from "./fake_cli.ts";
export { closedPort, collectEvents, streamedText } from "./streams.ts";
