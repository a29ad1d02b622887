import assert from "node:assert/strict";
import { createBashTool } from "../../src/tools/mod.ts";
import type { ExecResult, Sandbox } from "../../src/sandbox/mod.ts";

/** A Sandbox that answers every command with `result`. */
function answering(result: Partial<ExecResult>): Sandbox {
  return {
    level: "standard",
    backend: "fake",
    policy: {} as Sandbox["policy"],
    workspaceRoot: { writable: false, detail: "read-only" },
    exec: () =>
      Promise.resolve({
        code: 1,
        stdout: "",
        stderr: "",
        truncated: false,
        timedOut: false,
        denied: false,
        ...result,
      }),
  };
}

Deno.test("bash tells the model why the workspace root is read-only when a command was denied", async () => {
  const bash = createBashTool({
    sandbox: () =>
      Promise.resolve(answering({
        stderr: "bash: notes.txt: Permission denied",
        denied: true,
        rootReadOnly: "this host provides no private mount namespaces",
      })),
    timeoutMs: 1000,
  });
  const r = await bash.execute({ command: "echo x > notes.txt" });
  assert.match(r.content, /workspace root is read-only to commands here \(this host provides no/);
  assert.match(r.content, /inside its folders \(e\.g\. memory\/\)/);
});

Deno.test("bash says nothing about the root when the command was not denied", async () => {
  const bash = createBashTool({
    sandbox: () => Promise.resolve(answering({ code: 0, stdout: "ok", rootReadOnly: "no ns" })),
    timeoutMs: 1000,
  });
  const r = await bash.execute({ command: "true" });
  assert.doesNotMatch(r.content, /read-only/);
});
