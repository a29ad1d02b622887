/** A Session over a FakeProvider, real built-in tools and a temp workspace, for agent tests. */
import { join } from "node:path";
import {
  createSessionStore,
  openSession,
  type Session,
  type SessionDeps,
  type SessionSettings,
  type SessionStore,
} from "../../src/agent/mod.ts";
import type { StreamEvent } from "../../src/core/mod.ts";
import type { StreamFn } from "../../src/llm/mod.ts";
import { createMemory, type Memory } from "../../src/memory/mod.ts";
import { createSandbox } from "../../src/sandbox/mod.ts";
import { builtinTools, type Tool } from "../../src/tools/mod.ts";
import { FakeProvider, textReply } from "./fake_provider.ts";
import { createTempHome, type TempHome } from "./home.ts";
import { sandboxSettings } from "./sandbox.ts";

/** A StreamFn over a FakeProvider (model `fake/fake-model`). */
export function fakeStream(provider: FakeProvider): StreamFn {
  return (context, options) => provider.stream("fake-model", context, options);
}

/** Test session settings: small limits, no checkpoints. */
export function testSettings(overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    contextWindow: 128000,
    reserveTokens: 8000,
    maxTokens: 1024,
    maxIterations: 10,
    maxToolRepeats: 3,
    maxToolErrors: 3,
    requireApproval: [],
    toolOutputMaxChars: 50000,
    delimiters: true,
    checkpoints: 0,
    postCompactionSections: ["Session Startup"],
    ...overrides,
  };
}

/** Everything a test needs around a Session. */
export interface TestAgent extends AsyncDisposable {
  home: TempHome;
  workspace: string;
  provider: FakeProvider;
  store: SessionStore;
  memory: Memory;
  tools: Tool[];
  deps: SessionDeps;
  /** Opens (or creates) a session with these deps. */
  open(options?: { id?: string; resume?: boolean }): Promise<Session>;
}

/** Creates a temp workspace, the built-in tools (sandbox level none) and session deps. */
export async function createTestAgent(
  script: StreamEvent[][] = [],
  options: {
    settings?: Partial<SessionSettings>;
    approve?: SessionDeps["approve"];
    tools?: (defaults: Tool[]) => Tool[];
  } = {},
): Promise<TestAgent> {
  const home = await createTempHome();
  const workspace = join(home.vars.LOCALGPT_DATA_DIR, "workspace");
  await Deno.mkdir(join(workspace, "memory"), { recursive: true });
  const provider = new FakeProvider(script);
  const store = createSessionStore({ dir: join(home.vars.LOCALGPT_STATE_DIR, "sessions") });
  const memory = createMemory({
    workspace,
    indexPath: join(home.root, "cache", "memory.sqlite"),
    nativeDir: join(Deno.env.get("TMPDIR") ?? "/tmp", "localgpt-test-native"),
  });
  const defaults = builtinTools({
    workspace,
    protect: {
      workspace,
      deviceKey: join(home.vars.LOCALGPT_DATA_DIR, "localgpt.device.key"),
      auditLog: join(home.vars.LOCALGPT_STATE_DIR, "localgpt.audit.jsonl"),
      home: home.vars.HOME,
    },
    memory,
    sandbox: () =>
      createSandbox({
        settings: sandboxSettings({ level: "none", timeout_secs: 10 }),
        workspace,
        home: home.vars.HOME,
        vars: home.vars,
      }),
    bashTimeoutMs: 10000,
    webFetchMaxBytes: 100000,
    now: () => new Date("2026-03-01T10:30:00Z"),
    timeZone: "UTC",
  });
  const tools = options.tools ? options.tools(defaults) : defaults;
  const deps: SessionDeps = {
    store,
    cwd: workspace,
    tools,
    approve: options.approve,
    streamFor: () => Promise.resolve(fakeStream(provider)),
    systemPrompt: () => Promise.resolve({ system: "You are a test assistant.", dynamic: "" }),
    agentsMd: () => Deno.readTextFile(join(workspace, "AGENTS.md")),
    settings: testSettings(options.settings),
    now: () => new Date("2026-03-01T10:30:00Z"),
    timeZone: "UTC",
  };
  return {
    home,
    workspace,
    provider,
    store,
    memory,
    tools,
    deps,
    open: (o = {}) => openSession(deps, { model: "fake/fake-model", ...o }),
    async [Symbol.asyncDispose]() {
      memory.close();
      await home[Symbol.asyncDispose]();
    },
  };
}

/**
 * Replies for three turns, then the memory-flush turn (NO_REPLY) and the summary: what a test
 * needs to send three messages and compact.
 */
export function compactionScript(): StreamEvent[][] {
  return [
    textReply("one"),
    textReply("two"),
    textReply("three"),
    textReply("NO_REPLY"),
    textReply("short summary"),
  ];
}
