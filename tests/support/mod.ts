/** Test support: fakes and helpers shared by all tests. Never imported by src/. */
export { createTempHome, type TempHome } from "./home.ts";
export { type CliRun, runCliCaptured, runLocalgpt, spawnLocalgpt } from "./cli.ts";
export {
  createFakeEmbedder,
  type FakeEmbedder,
  TEST_MODEL,
  TEST_MODEL_DIR,
} from "./fake_embedder.ts";
export { createTempWorkspace, type TempWorkspace } from "./memory_workspace.ts";
export { type FakeEmbeddingServer, startFakeEmbeddingServer } from "./fake_embedding_server.ts";
export { type FakeModelHub, startFakeModelHub } from "./fake_model_hub.ts";
export { assistantMessage, toolResult, userMessage } from "./transcript.ts";
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
export {
  countingListener,
  createSandboxFixture,
  processList,
  type SandboxFixture,
  sandboxSettings,
  SECRET,
} from "./sandbox.ts";
export {
  compactionScript,
  createTestAgent,
  fakeStream,
  type TestAgent,
  testSettings,
} from "./agent.ts";
export { FakeChatBackend, fakeTextTurn, fakeToolTurn, type FakeTurn } from "./fake_chat_backend.ts";
export { createTestHttpDeps, type TestHttpDeps } from "./http_deps.ts";
export {
  fakeModelConfig,
  fakeModelReply,
  pidFileOf,
  waitForHealth,
  writeDaemonConfig,
} from "./daemon.ts";
export {
  ARTIFACTS,
  CHROMIUM,
  CHROMIUM_ARGS,
  chromiumAvailable,
  runBrowserDriver,
} from "./chromium.ts";
export { readSse, sseEvents } from "./read_sse.ts";
export { FakeTimers, settle } from "./fake_timers.ts";
export {
  localModelSkipReason,
  REAL_MODEL_FILE,
  REAL_MODEL_ID,
  REAL_MODEL_INSTALL,
  type RealModelServer,
  realModelSkipReason,
  startRealModelServer,
} from "./real_model.ts";
export {
  ALLOWED_TURN_EVENTS,
  approvingBackend,
  readChatAnswering,
  recordingApprovals,
  type WireEvent,
} from "./approvals.ts";
export {
  allProvidersToml,
  searchFixture,
  searchReply,
  searchSettings,
  startSearchServer,
} from "./search.ts";
export { createWebUiDeps, driveWebUiTest, LOGIN_CODE } from "./web_ui.ts";
export { HAS_SCRIPT, type PtySession, startPty } from "./pty.ts";
export { CHATML_TEMPLATE, writeGgufWithTemplate } from "./gguf_template.ts";
export { attacksCreating, attacksOn, runProtectedAttacks } from "./protected_attacks.ts";
