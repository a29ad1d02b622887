/** HttpDeps for tests: a temp workspace, keyword-only memory, a FakeChatBackend, open security. */
import { join } from "node:path";
import type { HttpDeps, HttpSecurity } from "../../src/channels/http/mod.ts";
import { createMemory, type Memory } from "../../src/memory/mod.ts";
import { FakeChatBackend } from "./fake_chat_backend.ts";
import { createTempWorkspace, type TempWorkspace } from "./memory_workspace.ts";

/** The deps plus their parts, for assertions; dispose with `await using`. */
export interface TestHttpDeps extends AsyncDisposable {
  deps: HttpDeps;
  backend: FakeChatBackend;
  memory: Memory;
  ws: TempWorkspace;
  /** Log lines `deps.logs()` returns. */
  logLines: string[];
  /** Login codes `deps.redeemLogin()` accepts once. */
  loginCodes: Set<string>;
  /** Config edits received. */
  configEdits: [string, string][];
}

/** Builds test deps; `security` and other fields override the defaults. */
export async function createTestHttpDeps(
  overrides: Partial<Omit<HttpDeps, "security">> & { security?: Partial<HttpSecurity> } = {},
): Promise<TestHttpDeps> {
  const ws = await createTempWorkspace();
  const backend = overrides.backend instanceof FakeChatBackend
    ? overrides.backend
    : new FakeChatBackend();
  const memory = createMemory({
    workspace: ws.workspace,
    indexPath: ws.indexPath,
    nativeDir: ws.nativeDir,
  });
  const logLines = ["2026-01-01T00:00:00Z INFO daemon started"];
  const loginCodes = new Set<string>();
  const configEdits: [string, string][] = [];
  const { security, ...rest } = overrides;
  const deps: HttpDeps = {
    backend,
    memory,
    files: {
      workspace: ws.workspace,
      deviceKey: join(ws.root, "data", "localgpt.device.key"),
      auditLog: join(ws.root, "state", "localgpt.audit.jsonl"),
      home: ws.vars.HOME,
    },
    security: {
      token: "test-token-0123456789",
      authRequired: false,
      allowedHosts: ["localhost", "127.0.0.1", "::1"],
      corsOrigins: [],
      maxBody: 10 * 1024 * 1024,
      rateLimit: { enabled: false, perMinute: 60, burst: 10 },
      ...security,
    },
    version: "0.0.0-test",
    config: () => ({ server: { port: 31327, auth_token: "***" } }),
    setConfig: (key, value) => {
      configEdits.push([key, value]);
      return Promise.resolve();
    },
    logs: (n) => Promise.resolve(logLines.slice(-n)),
    heartbeat: () => Promise.resolve({ enabled: false, interval: "30m", last_event: null }),
    channels: () => Promise.resolve({ telegram: { enabled: false } }),
    isBrandNew: () => Promise.resolve(true),
    redeemLogin: (code) => loginCodes.delete(code) ? "test-token-0123456789" : undefined,
    keepAliveMs: 50,
    ...rest,
  };
  return {
    deps,
    backend,
    memory,
    ws,
    logLines,
    loginCodes,
    configEdits,
    async [Symbol.asyncDispose]() {
      memory.close();
      await ws[Symbol.asyncDispose]();
    },
  };
}
